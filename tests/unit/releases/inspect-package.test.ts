// The zip corpus: what inspectPackage accepts and, for every rule, the zip that breaks it and the
// code the owner is shown. Each zip is real and built here (tests/helpers/zip-corpus.ts).
import { afterAll, describe, expect, it } from "vitest";
import { ReleaseError } from "@/lib/releases/errors";
import { inspectPackage, type PackageKind, type PackageLimits } from "@/lib/releases/inspect-package";
import {
  declaredHugeBombZip,
  lyingSizeBombZip,
  manyEntriesZip,
  pluginHeader,
  pluginZipWith,
  rawZip,
  removeTempZips,
  validPluginZip,
  validThemeZip,
  writeTempFile,
  zipOf,
} from "../../helpers/zip-corpus";

afterAll(removeTempZips);

const SLUG = "acme-seo";
const MiB = 1024 * 1024;

type Inspect = { kind?: PackageKind; slug?: string; fileName?: string; limits?: Partial<PackageLimits> };
const inspect = (filePath: string, o: Inspect = {}) =>
  inspectPackage(filePath, { kind: o.kind ?? "plugin", packageSlug: o.slug ?? SLUG, fileName: o.fileName ?? `${SLUG}.zip`, limits: o.limits });

async function refusal(filePath: string, o: Inspect = {}): Promise<ReleaseError> {
  const error = await inspect(filePath, o).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReleaseError);
  return error as ReleaseError;
}

const zipFile = async (files: Parameters<typeof zipOf>[0]) => writeTempFile(await zipOf(files));
const rawFile = (...args: Parameters<typeof rawZip>) => writeTempFile(rawZip(...args));

describe("inspectPackage accepts", () => {
  it("a real plugin, reading its headers and readme.txt", async () => {
    expect(await inspect(await validPluginZip(SLUG, "1.4.2", "Acme SEO"))).toEqual({
      version: "1.4.2",
      name: "Acme SEO",
      requires: "6.0",
      tested: "6.8",
      requiresPhp: "7.4",
      contentType: "application/zip",
    });
  });

  it("a real theme from style.css", async () => {
    const info = await inspect(await validThemeZip("acme-theme", "2.0.0-beta.1", "Acme Theme"), { kind: "theme", slug: "acme-theme" });
    expect(info).toMatchObject({ version: "2.0.0-beta.1", name: "Acme Theme", requires: "6.0", contentType: "application/zip" });
  });

  it("a zip with __MACOSX entries and .DS_Store files, which are ignored", async () => {
    const info = await inspect(
      await zipFile({
        [`${SLUG}/${SLUG}.php`]: pluginHeader("Acme", "1.0.0"),
        [`${SLUG}/.DS_Store`]: "x",
        "__MACOSX/": "",
        [`__MACOSX/${SLUG}/._${SLUG}.php`]: "resource fork",
        ".DS_Store": "x",
      }),
    );
    expect(info.version).toBe("1.0.0");
  });

  it("the readme's requirements when the header has none, and the header's over the readme's", async () => {
    const readme = "=== Acme ===\nRequires at least: 5.9\nTested up to: 6.5\nRequires PHP: 8.0\n\n== Description ==\nRequires PHP: 9.9\n";
    const fromReadme = await inspect(await pluginZipWith(SLUG, "1.0.0", { "README.txt": readme }));
    expect(fromReadme).toMatchObject({ requires: "5.9", tested: "6.5", requiresPhp: "8.0" });
    const header = pluginHeader("Acme", "1.0.0", " * Requires at least: 6.1\n");
    const both = await inspect(await zipFile({ [`${SLUG}/${SLUG}.php`]: header, [`${SLUG}/readme.txt`]: readme }));
    expect(both).toMatchObject({ requires: "6.1", tested: "6.5" });
  });

  it("the first PHP file at the top of the folder with a Plugin Name, as WordPress finds it", async () => {
    const info = await inspect(
      await zipFile({
        [`${SLUG}/a-helper.php`]: "<?php // no header\n",
        [`${SLUG}/includes/deep.php`]: pluginHeader("Nested, not seen", "9.0.0"),
        [`${SLUG}/main.php`]: pluginHeader("Main", "3.1"),
      }),
    );
    expect(info).toMatchObject({ name: "Main", version: "3.1" });
  });

  it("any file of an 'other' product, typed by its extension", async () => {
    const notAZip = await writeTempFile(Buffer.from("MZ not really an exe"), "app.exe");
    expect(await inspect(notAZip, { kind: "other", fileName: "Acme Setup.EXE" })).toEqual({
      version: null,
      name: null,
      requires: null,
      tested: null,
      requiresPhp: null,
      contentType: "application/vnd.microsoft.portable-executable",
    });
    expect((await inspect(notAZip, { kind: "other", fileName: "acme.tar.gz" })).contentType).toBe("application/gzip");
    expect((await inspect(notAZip, { kind: "other", fileName: "acme.weird" })).contentType).toBe("application/octet-stream");
  });
});

describe("inspectPackage refuses", () => {
  it("a file that is not a zip", async () => {
    expect((await refusal(await writeTempFile(Buffer.from("<?php echo 1;"), "x.zip"))).code).toBe("NOT_A_ZIP");
    expect((await refusal(await writeTempFile(Buffer.alloc(0)))).code).toBe("NOT_A_ZIP");
  });

  it("a folder that is not the package slug, naming both", async () => {
    const error = await refusal(await validPluginZip("acme-seo-pro", "1.0.0"));
    expect(error.code).toBe("ZIP_WRONG_FOLDER");
    expect(error.message).toContain('"acme-seo-pro"');
    expect(error.message).toContain(`"${SLUG}"`);
  });

  it("two top-level folders", async () => {
    const error = await refusal(await zipFile({ [`${SLUG}/${SLUG}.php`]: pluginHeader("A", "1.0.0"), "other/x.php": "<?php" }));
    expect(error.code).toBe("ZIP_MULTIPLE_FOLDERS");
  });

  it("files at the top level, and an empty zip", async () => {
    expect((await refusal(await zipFile({ [`${SLUG}.php`]: pluginHeader("A", "1.0.0") }))).code).toBe("ZIP_NO_FOLDER");
    expect((await refusal(await zipFile({ [`${SLUG}/${SLUG}.php`]: pluginHeader("A", "1.0.0"), "readme.txt": "x" }))).code).toBe(
      "ZIP_NO_FOLDER",
    );
    expect((await refusal(await rawFile([]))).code).toBe("ZIP_NO_FOLDER");
  });

  it("a plugin without a Plugin Name header in a top-level PHP file's first 8 KiB", async () => {
    const late = `<?php\n${"// padding\n".repeat(800)}/* Plugin Name: Too late\n Version: 1.0.0 */\n`;
    const cases: Record<string, string>[] = [
      { [`${SLUG}/${SLUG}.php`]: "<?php echo 'hi';" },
      { [`${SLUG}/${SLUG}.php`]: late },
      { [`${SLUG}/inc/main.php`]: pluginHeader("Deep", "1.0.0") },
    ];
    for (const files of cases) {
      expect((await refusal(await zipFile(files))).code).toBe("ZIP_MISSING_HEADER");
    }
  });

  it("a theme without style.css's Theme Name, or without an index template", async () => {
    const theme = { kind: "theme" as const };
    expect((await refusal(await zipFile({ [`${SLUG}/index.php`]: "<?php" }), theme)).code).toBe("ZIP_MISSING_HEADER");
    expect((await refusal(await zipFile({ [`${SLUG}/style.css`]: "/* Plugin Name: x */" }), theme)).code).toBe("ZIP_MISSING_HEADER");
    const noIndex = await zipFile({ [`${SLUG}/style.css`]: "/*\nTheme Name: T\nVersion: 1.0\n*/" });
    expect((await refusal(noIndex, theme)).code).toBe("ZIP_THEME_NO_INDEX");
    const child = await zipFile({ [`${SLUG}/style.css`]: "/*\nTheme Name: T\nTemplate: parent\nVersion: 1.0\n*/" });
    expect((await inspect(child, theme)).version).toBe("1.0");
  });

  it("a header without Version, and a version the store cannot order", async () => {
    expect((await refusal(await zipFile({ [`${SLUG}/${SLUG}.php`]: pluginHeader("A", null) }))).code).toBe("ZIP_NO_VERSION");
    const invalid = await refusal(await zipFile({ [`${SLUG}/${SLUG}.php`]: pluginHeader("A", "v1.0 final") }));
    expect(invalid.code).toBe("ZIP_INVALID_VERSION");
    expect(invalid.message).toContain('"v1.0 final"');
  });

  it.each([
    ["a ../ entry", `${SLUG}/../evil.php`],
    ["a ../ entry at the start", `../${SLUG}/evil.php`],
    ["an absolute path", "/etc/cron.d/evil"],
    ["a drive letter", "C:/Windows/evil.dll"],
    ["a backslash", `${SLUG}\\..\\evil.php`],
  ])("%s", async (_label, name) => {
    const file = await rawFile([{ name: `${SLUG}/${SLUG}.php`, data: Buffer.from(pluginHeader("A", "1.0.0")) }, { name, data: Buffer.from("x") }]);
    expect((await refusal(file)).code).toBe("ZIP_UNSAFE_PATH");
  });

  it("a symlink", async () => {
    const file = await zipFile({
      [`${SLUG}/${SLUG}.php`]: pluginHeader("A", "1.0.0"),
      [`${SLUG}/config.php`]: { data: "/etc/passwd", mode: 0o120777 },
    });
    const error = await refusal(file);
    expect(error.code).toBe("ZIP_SYMLINK");
    expect(error.message).toContain(`${SLUG}/config.php`);
  });

  it("an encrypted entry", async () => {
    const encrypted = { name: `${SLUG}/secret.php`, data: Buffer.alloc(12 + 10, 7), flags: 0x1, declaredSize: 10 };
    const file = await rawFile([{ name: `${SLUG}/${SLUG}.php`, data: Buffer.from(pluginHeader("A", "1.0.0")) }, encrypted]);
    expect((await refusal(file)).code).toBe("ZIP_ENCRYPTED");
  });

  it("100,000 entries, before reading them", async () => {
    const file = await manyEntriesZip(SLUG, 100_000);
    const started = performance.now();
    expect((await refusal(file)).code).toBe("ZIP_TOO_MANY_ENTRIES");
    expect(performance.now() - started).toBeLessThan(1000);
    // The count comes from the end record: a zip that claims 100,000 but lists one is refused for
    // the count, not found damaged while its entries are read.
    const claims = await rawFile([{ name: `${SLUG}/${SLUG}.php`, data: Buffer.from(pluginHeader("A", "1.0.0")) }], { claimedEntries: 100_000 });
    expect((await refusal(claims)).code).toBe("ZIP_TOO_MANY_ENTRIES");
    expect((await refusal(await manyEntriesZip(SLUG, 11), { limits: { maxEntries: 10 } })).code).toBe("ZIP_TOO_MANY_ENTRIES");
  });

  it("a small main file that inflates past what it declares and past the header cap", async () => {
    const error = await refusal(await lyingSizeBombZip(SLUG, 2 * MiB));
    expect(error.code).toBe("ZIP_BOMB");
  });

  it("a readme.txt that inflates past its cap while its headers are read", async () => {
    const readme = { name: `${SLUG}/readme.txt`, data: Buffer.alloc(2 * MiB, 0x20), deflate: true, declaredSize: 1000 };
    const file = await rawFile([{ name: `${SLUG}/${SLUG}.php`, data: Buffer.from(pluginHeader("A", "1.0.0")) }, readme]);
    expect((await refusal(file)).code).toBe("ZIP_BOMB");
  });

  it("a declared-huge entry, and a ratio past the limit", async () => {
    expect((await refusal(await declaredHugeBombZip(SLUG, 0xfffffff0))).code).toBe("ZIP_BOMB");
    const ratio = await zipFile({ [`${SLUG}/${SLUG}.php`]: pluginHeader("A", "1.0.0"), [`${SLUG}/zeros.bin`]: Buffer.alloc(20 * MiB) });
    const error = await refusal(ratio);
    expect(error.code).toBe("ZIP_BOMB");
    expect(error.message).toContain("zeros.bin");
    expect((await inspect(ratio, { limits: { maxRatio: 10_000 } })).version).toBe("1.0.0");
    expect((await refusal(ratio, { limits: { maxRatio: 10_000, maxUncompressedBytes: 10 * MiB } })).code).toBe("ZIP_BOMB");
  });

  it("a damaged zip", async () => {
    const good = await zipOf({ [`${SLUG}/${SLUG}.php`]: pluginHeader("A", "1.0.0") });
    const damaged = Buffer.from(good);
    damaged.writeUInt32LE(0xdeadbeef, 0); // the local header the main file's data hangs from
    expect((await refusal(await writeTempFile(damaged))).code).toBe("ZIP_CORRUPT");
  });
});
