// The demo store's releases: a fresh demo store gets a published plugin or theme for each product
// (a beta among them), once; a store seeded before releases existed gets them on its next start,
// without bringing back a demo product its owner deleted.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { DEMO_PRODUCTS, seedDemoStore } from "../../../lib/demo/seed-demo-store";
import { getEnv } from "../../../lib/env";
import { publishedPublicKeys } from "../../../lib/licenses/signing";
import { listZip, openZip, readEntryHead } from "../../../lib/releases/zip-reader";
import { getStorage } from "../../../lib/storage";
import { describeEachDatabase } from "../../helpers/test-databases";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The text of each file in a stored release's zip, by path. */
async function releaseFiles(storageKey: string): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(tmpdir(), "cp-demo-zip-"));
  try {
    const file = path.join(dir, "release.zip");
    const stored = await getStorage().open(storageKey);
    if (!stored) throw new Error(`no stored file ${storageKey}`);
    await pipeline(stored.stream, createWriteStream(file));
    const zip = await openZip(file);
    const listing = await listZip(zip, { maxEntries: 100, maxUncompressedBytes: 10_000_000, maxRatio: 100 });
    const texts: Record<string, string> = {};
    for (const entry of listing.files) texts[entry.path] = (await readEntryHead(await openZip(file), entry.entry, 1_000_000)).toString("utf8");
    return texts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function releasesBySlug(db: Db) {
  const products = await db.product.findMany({ include: { releases: { orderBy: { versionKey: "asc" } } }, orderBy: { slug: "asc" } });
  return Object.fromEntries(products.map((product) => [product.slug, product]));
}

describeEachDatabase("demo store releases", (getDb) => {
  it("gives a fresh demo store a published release of a real package for every WordPress product, once", async () => {
    const started = Date.now();
    expect(await seedDemoStore(getDb())).toEqual({ seeded: true });
    expect(Date.now() - started).toBeLessThan(10_000); // npm start stays quick

    const products = await releasesBySlug(getDb());
    expect(products["starter-seo-plugin"]).toMatchObject({ kind: "plugin", packageSlug: "starter-seo", author: "CP Store Demo" });
    expect(products["agency-theme-bundle"]).toMatchObject({ kind: "theme", packageSlug: "agency-theme" });
    for (const product of DEMO_PRODUCTS) {
      expect(products[product.slug]?.homepage).toMatch(new RegExp(`/products/${product.slug}$`));
      // The WordPress products say how to upload their zip; the desktop app how to install it.
      expect(products[product.slug]?.installation).toMatch(product.kind === "other" ? /installer/ : /Upload/);
    }
    const summary = Object.fromEntries(
      Object.entries(products).map(([slug, product]) => [slug, product.releases.map((r) => `${r.version} ${r.channel} ${r.status}`)]),
    );
    expect(summary).toEqual({
      "agency-theme-bundle": ["1.0.0 stable published"],
      "invoice-desktop-app": [], // kind other: the owner uploads its installers
      "pro-forms-plugin": ["2.2.0 stable published", "2.3.0 stable published", "2.4.0-beta.1 beta published"],
      "starter-seo-plugin": ["1.0.0 stable published", "1.1.0 stable published"],
    });
    // 1.0.0 came out before the demo's expired key ran out (about 35 days ago), 1.1.0 after.
    const [old, current] = products["starter-seo-plugin"]?.releases ?? [];
    expect(Date.now() - (old?.publishedAt?.getTime() ?? 0)).toBeGreaterThan(370 * DAY_MS);
    expect(Date.now() - (current?.publishedAt?.getTime() ?? 0)).toBeLessThan(DAY_MS);
    for (const product of Object.values(products)) {
      for (const release of product.releases) {
        expect(release.createdBy).toBe("system:demo-seed");
        const stored = await getStorage().open(release.storageKey);
        stored?.stream.destroy();
        expect(stored?.size).toBe(release.sizeBytes);
      }
    }

    // Each is the WordPress SDK's example with this store's address, product and public key in it,
    // so a downloaded demo plugin activates against this store.
    const [key] = await publishedPublicKeys(getDb());
    const files = await releaseFiles(products["pro-forms-plugin"]?.releases[1]?.storageKey ?? "");
    expect(files["pro-forms/cp-store-sdk/cp-store-sdk.php"]).toContain("namespace CPStore\\SDK\\");
    expect(files["pro-forms/pro-forms.php"]).toContain(`define( 'PRO_FORMS_STORE_URL', '${getEnv().publicUrl}' );`);
    expect(files["pro-forms/pro-forms.php"]).toContain(`define( 'PRO_FORMS_PRODUCT', 'pro-forms-plugin' );`);
    expect(files["pro-forms/pro-forms.php"]).toContain(`define( 'PRO_FORMS_PUBLIC_KEY', '${key}' );`);
    expect(files["pro-forms/readme.txt"]).toContain("= 2.3.0 =\n* New: conditional fields.");
    const theme = await releaseFiles(products["agency-theme-bundle"]?.releases[0]?.storageKey ?? "");
    expect(theme["agency-theme/functions.php"]).toContain(`define( 'AGENCY_THEME_PRODUCT', 'agency-theme-bundle' );`);

    expect(await seedDemoStore(getDb())).toEqual({ seeded: false });
    expect(await getDb().release.count()).toBe(6);
  });
});

describeEachDatabase("a demo store seeded before releases existed", (getDb) => {
  it("gets its releases on the next start, and a deleted demo product stays deleted", async () => {
    // What the seed made before this change: products as the migration left them, the flag set.
    for (const { slug, name, description, priceCents, maxActivations, validityDays } of DEMO_PRODUCTS) {
      if (slug === "starter-seo-plugin") continue; // the owner deleted it
      await getDb().product.create({ data: { slug, name, description, priceCents, maxActivations, validityDays } });
    }
    await getDb().product.update({ where: { slug: "pro-forms-plugin" }, data: { homepage: "https://forms.example.com" } });
    await getDb().setting.create({ data: { key: "demo_seeded_at", value: new Date().toISOString() } });

    expect(await seedDemoStore(getDb())).toEqual({ seeded: false });

    const products = await releasesBySlug(getDb());
    expect(Object.keys(products)).toEqual(["agency-theme-bundle", "invoice-desktop-app", "pro-forms-plugin"]);
    expect(products["agency-theme-bundle"]).toMatchObject({ kind: "theme", packageSlug: "agency-theme", author: "CP Store Demo" });
    expect(products["pro-forms-plugin"]).toMatchObject({ kind: "plugin", packageSlug: "pro-forms", homepage: "https://forms.example.com" });
    expect(products["agency-theme-bundle"]?.releases.map((r) => r.version)).toEqual(["1.0.0"]);
    expect(products["pro-forms-plugin"]?.releases.map((r) => r.version)).toEqual(["2.2.0", "2.3.0", "2.4.0-beta.1"]);
    expect(await getDb().user.count()).toBe(0); // the products-and-accounts seed did not run again

    await seedDemoStore(getDb());
    expect(await getDb().release.count()).toBe(4);
  });
});
