// What the SDK's WordPress tests share: a real store (server/main.ts on its own SQLite database)
// behind the fault proxy, whose address is the store's public URL (so manage_url and download
// links point where WordPress can reach them), and a real WordPress with products built by the
// same builder as the demo store's releases (lib/sdk/wordpress-package.ts).
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "../../lib/db";
import { createRelease } from "../../lib/releases/create-release";
import { receiveLocalFile } from "../../lib/releases/received-file";
import { buildSdkPackage, sdkPackageFiles, type SdkPackageOptions } from "../../lib/sdk/wordpress-package";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy";
import { startStoreServer, type StoreServer } from "../helpers/store-server";
import { openTestDatabase, type TestDatabase } from "../helpers/test-databases";
import { WORDPRESS_REQUIRED, wordPressAvailability, wordPressForFile, type WordPressSite } from "../helpers/wordpress";
import { freePort } from "../helpers/free-port";

export type Fixture = {
  db(): Db;
  /** The store database's URL (for a process of its own, as `npm start` seeds it). */
  databaseUrl(): string;
  store(): StoreServer;
  proxy(): FaultProxy;
  site(): WordPressSite;
  /** The store's published public keys (what a vendor pastes into the SDK's settings). */
  publicKeys(): string[];
  /** A product of the store, as a vendor sets it up: kind, package slug, sites. */
  product(fields: { slug: string; name: string; kind: "plugin" | "theme"; packageSlug?: string; maxActivations?: number }): Promise<{ id: string; slug: string }>;
  /** The SDK-built package, as a vendor ships it, pointing at this store (through the proxy). */
  packageOptions(fields: Pick<SdkPackageOptions, "kind" | "packageSlug" | "name" | "version" | "productSlug"> & Partial<SdkPackageOptions>): SdkPackageOptions;
  /** Copies the package's files into the site (plugins/ or themes/), as unzipping it there would. */
  install(options: SdkPackageOptions, transform?: (file: { path: string; content: string }) => string): Promise<void>;
  /** Publishes the package as a release of the product through the store's own createRelease. */
  publish(productId: string, options: SdkPackageOptions): Promise<void>;
};

const availability = wordPressAvailability();
/**
 * True when WordPress is missing here and not required: the SDK's suites are skipped whole (their
 * hooks start a store and need a site). On CI, or with REQUIRE_WORDPRESS=1, they run and fail.
 */
export const SKIP_WORDPRESS = !availability.available && !WORDPRESS_REQUIRED;

const ready = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} starts in beforeAll`);
  return value;
};

export function sdkFixture(): Fixture {
  let database: TestDatabase | undefined;
  let store: StoreServer | undefined;
  let proxy: FaultProxy | undefined;
  let keys: string[] = [];
  let scratch = "";

  // The store first: WordPress's hooks run after these, and its products point here.
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "cp-sdk-test-"));
    database = await openTestDatabase("sqlite");
    const port = await freePort();
    store = await startStoreServer({ databaseUrl: database.url, env: { NEXTAUTH_URL: `http://127.0.0.1:${port}` } });
    proxy = await startFaultProxy(store.url, { port });
    const signingKey = (await (await fetch(`${store.url}/api/v1/licenses/signing-key`)).json()) as { keys: { public_key: string }[] };
    keys = signingKey.keys.map((key) => key.public_key);
  });
  afterAll(async () => {
    await proxy?.stop();
    await store?.stop();
    await database?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });
  const wp = wordPressForFile({ title: "SDK Test Site" });

  const fixture: Fixture = {
    db: () => ready(database, "the store's database").db,
    databaseUrl: () => ready(database, "the store's database").url,
    store: () => ready(store, "the store"),
    proxy: () => ready(proxy, "the proxy"),
    site: () => wp.site(),
    publicKeys: () => keys,
    async product({ slug, name, kind, packageSlug = slug, maxActivations = 5 }) {
      const product = await fixture.db().product.create({
        data: { slug, name, kind, packageSlug, priceCents: 4900, maxActivations, validityDays: 365 },
      });
      return { id: product.id, slug: product.slug };
    },
    packageOptions(fields) {
      return { storeUrl: fixture.proxy().url, publicKeys: fixture.publicKeys(), ...fields };
    },
    async install(options, transform) {
      const folder = path.join(fixture.site().contentDir, options.kind === "theme" ? "themes" : "plugins", options.packageSlug);
      await rm(folder, { recursive: true, force: true });
      for (const file of sdkPackageFiles(options)) {
        const target = path.join(folder, file.path);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, transform ? transform(file) : file.content);
      }
    },
    async publish(productId, options) {
      const file = path.join(scratch, `${options.packageSlug}-${options.version}.zip`);
      await writeFile(file, await buildSdkPackage(options));
      await createRelease(fixture.db(), {
        productId,
        file: await receiveLocalFile(file),
        version: options.version,
        channel: "stable",
        changelog: options.changelog ?? `* Release ${options.version}.`,
        publish: true,
        actor: "test",
      });
    },
  };
  return fixture;
}

/**
 * Presses the plugin's "update now" link on the Plugins screen, as the admin would, then loads the
 * reactivation frame the result page shows (as the browser does). Returns the result page.
 */
export async function clickUpdateNow(site: WordPressSite, pluginFile: string): Promise<string> {
  const admin = await site.admin();
  const plugins = await admin.get("/wp-admin/plugins.php");
  const encoded = encodeURIComponent(pluginFile).replace(/[.]/g, "\\.");
  const link = new RegExp(`href="([^"]*update\\.php\\?action=upgrade-plugin&(?:amp;|#038;)?plugin=${encoded}[^"]*)"`).exec(plugins.body)?.[1];
  if (!link) throw new Error(`no 'update now' link for ${pluginFile} on the Plugins screen`);
  const relative = (href: string) => {
    const decoded = href.replaceAll("&#038;", "&").replaceAll("&amp;", "&");
    return decoded.startsWith("http") ? decoded.replace(site.url, "") : `/wp-admin/${decoded}`;
  };
  const done = await admin.get(relative(link));
  const reactivate = /<iframe[^>]*src="([^"]*action=activate-plugin[^"]*)"/.exec(done.body)?.[1];
  if (reactivate) await admin.get(relative(reactivate));
  return done.body;
}

/** The PHP errors (any level) whose file is the SDK's or one of the test products'. */
export async function sdkPhpErrors(site: WordPressSite, folders: string[]): Promise<string[]> {
  const errors = await site.phpErrors();
  return errors.filter((line) => line.includes("/cp-store-sdk/") || folders.some((folder) => line.includes(`/${folder}/`)));
}
