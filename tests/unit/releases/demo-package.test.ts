// The demo seed's releases are real WordPress packages: inspectPackage reads back what was asked.
import { afterAll, describe, expect, it } from "vitest";
import { fromBufferPromise } from "yauzl";
import { buildDemoPackage } from "@/lib/releases/demo-package";
import { inspectPackage } from "@/lib/releases/inspect-package";
import { removeTempZips, writeTempFile } from "../../helpers/zip-corpus";

afterAll(removeTempZips);

async function entriesOf(zip: Buffer): Promise<Map<string, string>> {
  const file = await fromBufferPromise(zip, { lazyEntries: true });
  const entries = new Map<string, string>();
  for await (const entry of file.eachEntry()) {
    if (entry.fileName.endsWith("/")) {
      entries.set(entry.fileName, "");
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await file.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
  }
  return entries;
}

describe("buildDemoPackage", () => {
  it("builds a plugin that passes inspectPackage with its headers", async () => {
    const options = { kind: "plugin", packageSlug: "acme-seo", name: "Acme SEO", version: "1.4.2", requires: "6.2", tested: "6.7", requiresPhp: "8.1" } as const;
    const zip = await buildDemoPackage(options);
    const info = await inspectPackage(await writeTempFile(zip), { kind: "plugin", packageSlug: "acme-seo", fileName: "acme-seo.zip" });
    expect(info).toEqual({ version: "1.4.2", name: "Acme SEO", requires: "6.2", tested: "6.7", requiresPhp: "8.1", contentType: "application/zip" });

    const entries = await entriesOf(zip);
    expect([...entries.keys()].sort()).toEqual(["acme-seo/", "acme-seo/acme-seo.php", "acme-seo/readme.txt"]);
    const main = entries.get("acme-seo/acme-seo.php") ?? "";
    expect(main).toContain("defined( 'ABSPATH' ) || exit;");
    expect(main).toContain("add_shortcode( 'acme-seo', 'acme_seo_greeting_shortcode' );");
    const readme = entries.get("acme-seo/readme.txt") ?? "";
    expect(readme).toMatch(/^=== Acme SEO ===$/m);
    expect(readme).toMatch(/^Stable tag: 1\.4\.2$/m);
    expect(readme).toMatch(/^== Changelog ==\n\n= 1\.4\.2 =$/m);
  });

  it("builds a theme with style.css, index.php and functions.php", async () => {
    const zip = await buildDemoPackage({ kind: "theme", packageSlug: "acme-theme", name: "Acme Theme", version: "2.0.0-beta.1" });
    const info = await inspectPackage(await writeTempFile(zip), { kind: "theme", packageSlug: "acme-theme", fileName: "acme-theme.zip" });
    expect(info).toMatchObject({ version: "2.0.0-beta.1", name: "Acme Theme", requires: "6.0", tested: "6.8", requiresPhp: "7.4" });
    const entries = await entriesOf(zip);
    expect([...entries.keys()].sort()).toEqual([
      "acme-theme/",
      "acme-theme/functions.php",
      "acme-theme/index.php",
      "acme-theme/readme.txt",
      "acme-theme/style.css",
    ]);
  });

  it("keeps odd names inside their headers and strings", async () => {
    const zip = await buildDemoPackage({ kind: "plugin", packageSlug: "3d-view", name: "O'Brien's */ Viewer\nVersion: 9.9", version: "1.0.0" });
    const info = await inspectPackage(await writeTempFile(zip), { kind: "plugin", packageSlug: "3d-view", fileName: "x.zip" });
    expect(info).toMatchObject({ version: "1.0.0", name: "O'Brien's Viewer Version: 9.9" });
    const main = (await entriesOf(zip)).get("3d-view/3d-view.php") ?? "";
    expect(main).toContain("function p_3d_view_greeting_shortcode()");
    expect(main).toContain(String.raw`'O\'Brien\'s */ Viewer`);
  });

  it("is the same bytes for the same options", async () => {
    const options = { kind: "plugin", packageSlug: "acme-seo", name: "Acme SEO", version: "1.0.0" } as const;
    expect((await buildDemoPackage(options)).equals(await buildDemoPackage(options))).toBe(true);
  });

  it("refuses a slug or version WordPress could not use", async () => {
    await expect(buildDemoPackage({ kind: "plugin", packageSlug: "../x", name: "X", version: "1.0.0" })).rejects.toThrow("Not a package slug");
    await expect(buildDemoPackage({ kind: "plugin", packageSlug: "x", name: "X", version: "latest" })).rejects.toThrow("Not a version");
  });
});
