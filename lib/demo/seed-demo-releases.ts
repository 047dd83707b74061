// The demo store's releases: each demo product gets a real WordPress plugin or theme built from the
// WordPress SDK's example (sdk/wordpress/, with this store's address and public keys filled in)
// and published through createRelease, so Downloads, the update API and Admin → Releases have
// something to show from the first start, and a downloaded demo plugin, installed in WordPress,
// activates with a demo key and updates from this store. A flag row of its own lets a store seeded
// before releases existed get them on its next start; a demo product the owner deleted stays deleted.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "../db";
import { createRelease } from "../releases/create-release";
import { getEnv } from "../env";
import { publishedPublicKeys } from "../licenses/signing";
import { ReleaseError } from "../releases/errors";
import { receiveLocalFile } from "../releases/received-file";
import type { ReleaseChannelName } from "../releases/release-rules";
import { buildSdkPackage } from "../sdk/wordpress-package";
import { logger } from "../observability/logger";

const RELEASES_SEEDED_FLAG = "demo_releases_seeded_at";
const DAY_MS = 24 * 60 * 60 * 1000;

type DemoRelease = {
  version: string;
  channel: ReleaseChannelName;
  changelog: string;
  /** Published this many days ago (the seed's history), else now. */
  publishedDaysAgo?: number;
};

/** A demo product's WordPress details, as lib/demo/seed-demo-store.ts defines them. */
export type DemoProductDetails = {
  slug: string;
  kind: "plugin" | "theme";
  packageSlug: string;
  homepage: string;
  author: string;
  installation: string;
};

/** The releases each demo product ships, by product slug. */
export const DEMO_RELEASES: Record<string, DemoRelease[]> = {
  "starter-seo-plugin": [
    // Published before the demo customer's expired key ran out: that key may still download 1.0.0, not 1.1.0.
    { version: "1.0.0", channel: "stable", changelog: "* First release: titles and meta descriptions.", publishedDaysAgo: 380 },
    { version: "1.1.0", channel: "stable", changelog: "* New: social sharing previews.\n* Fixed: titles with an ampersand." },
  ],
  "pro-forms-plugin": [
    // An older version to install first, so WordPress offers 2.3.0 from this store with one click.
    { version: "2.2.0", channel: "stable", changelog: "* New: file uploads.\n* Fixed: required checkboxes.", publishedDaysAgo: 90 },
    { version: "2.3.0", channel: "stable", changelog: "* New: conditional fields.\n* Fixed: the date picker in Safari.", publishedDaysAgo: 30 },
    { version: "2.4.0-beta.1", channel: "beta", changelog: "* Beta: multi-page forms. Try it on a staging site first." },
  ],
  "agency-theme-bundle": [{ version: "1.0.0", channel: "stable", changelog: "* First release of the agency theme." }],
};

/**
 * Publishes the demo releases once. A product that already has releases, or was deleted, is left
 * alone. A product still as the releases migration left it gets its demo details first: kind and
 * package slug while it is a plugin without a package slug, homepage, author and installation
 * where they are empty.
 */
export async function seedDemoReleases(db: Db, products: readonly DemoProductDetails[]): Promise<{ seeded: boolean }> {
  if (await db.setting.findUnique({ where: { key: RELEASES_SEEDED_FLAG } })) return { seeded: false };
  const dir = await mkdtemp(path.join(tmpdir(), "cp-store-demo-"));
  const publicKeys = await publishedPublicKeys(db);
  const storeUrl = getEnv().publicUrl;
  try {
    for (const details of products) {
      const found = await db.product.findUnique({ where: { slug: details.slug }, include: { _count: { select: { releases: true } } } });
      if (!found || found._count.releases > 0) continue;
      const untouched = found.kind === "plugin" && found.packageSlug === null;
      const product = await db.product.update({
        where: { id: found.id },
        data: {
          ...(untouched ? { kind: details.kind, packageSlug: details.packageSlug } : {}),
          ...(found.homepage ? {} : { homepage: details.homepage }),
          ...(found.author ? {} : { author: details.author }),
          ...(found.installation ? {} : { installation: details.installation }),
        },
      });
      if (product.kind !== "plugin" && product.kind !== "theme") continue;
      const packageSlug = product.packageSlug ?? product.slug;
      for (const spec of DEMO_RELEASES[details.slug] ?? []) {
        const bytes = await buildSdkPackage({
          kind: product.kind,
          packageSlug,
          name: product.name,
          version: spec.version,
          storeUrl,
          productSlug: product.slug,
          publicKeys,
          changelog: spec.changelog,
        });
        const filePath = path.join(dir, `${packageSlug}-${spec.version}.zip`);
        await writeFile(filePath, bytes);
        await publishDemoRelease(db, product.id, filePath, spec);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await db.setting.upsert({ where: { key: RELEASES_SEEDED_FLAG }, update: {}, create: { key: RELEASES_SEEDED_FLAG, value: new Date().toISOString() } });
  return { seeded: true };
}

async function publishDemoRelease(db: Db, productId: string, filePath: string, spec: DemoRelease) {
  try {
    const release = await createRelease(db, {
      productId,
      file: await receiveLocalFile(filePath),
      version: spec.version,
      channel: spec.channel,
      changelog: spec.changelog,
      publish: true,
      actor: "system:demo-seed",
    });
    if (spec.publishedDaysAgo !== undefined) {
      // Demo history: this release came out long ago (seed data, not a move anyone can make).
      const publishedAt = new Date(Date.now() - spec.publishedDaysAgo * DAY_MS);
      await db.release.update({ where: { id: release.id }, data: { publishedAt, createdAt: publishedAt } });
    }
  } catch (error) {
    // An owner who changed a demo product's kind or package slug gets no demo release for it.
    if (!(error instanceof ReleaseError)) throw error;
    logger.child({ component: "demo" }).warn({ version: spec.version, reason: error.message }, "demo release skipped");
  }
}
