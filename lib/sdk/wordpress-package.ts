// The SDK's example plugin (or theme) made into a product of this store: the example's files with
// the SDK bundled in `cp-store-sdk/`, its folder and main file named after the package slug, its
// PHP names prefixed after it (two such plugins on one site do not collide), its headers carrying
// the product's name and version, and its three settings (store URL, product slug, public key)
// filled in. The demo store's releases are built this way, and so are the installs the SDK's
// WordPress tests make: what a new user downloads is the code the tests ran.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ZipFile } from "yazl";
import { isValidVersion } from "../releases/version";

export const SDK_DIR = path.resolve(import.meta.dirname, "../../sdk/wordpress");

export type SdkPackageOptions = {
  kind: "plugin" | "theme";
  /** The WordPress folder (and the plugin's main file) name. */
  packageSlug: string;
  name: string;
  version: string;
  storeUrl: string;
  /** The product's slug in the store. */
  productSlug: string;
  /** Base64 Ed25519 public keys (the store's published signing keys). */
  publicKeys: readonly string[];
  /** A Markdown list for readme.txt's changelog entry of this version. */
  changelog?: string;
};

export type PackageFile = { path: string; content: string };

/** The example's tokens, longest first (the theme's names contain the plugin's). */
const EXAMPLES = {
  plugin: {
    dir: "example-plugin",
    mainFile: "cp-store-example.php",
    name: "CP Store Example Plugin",
    tokens: { snake: "cp_example_", upper: "CP_EXAMPLE_", slug: "cp-store-example" },
    product: "pro-forms-plugin",
  },
  theme: {
    dir: "example-theme",
    mainFile: null,
    name: "CP Store Example Theme",
    tokens: { snake: "cp_example_theme_", upper: "CP_EXAMPLE_THEME_", slug: "cp-store-example-theme" },
    product: "agency-theme-bundle",
  },
} as const;

const EXAMPLE_STORE_URL = "http://localhost:3000";
const KEY_PLACEHOLDER = "'PASTE-THE-STORE-PUBLIC-KEY-HERE'";
const EXAMPLE_VERSION = "1.0.0";

/** A PHP single-quoted string literal. */
const phpString = (value: string) => `'${value.replace(/[\\']/g, "\\$&")}'`;
/** A header value on one line, unable to close the comment it sits in. */
const headerValue = (value: string) => value.replaceAll("*/", "").replace(/\s+/g, " ").trim();

/** The SDK's own files (loader and classes), as they go into a product's `cp-store-sdk/` folder. */
export function sdkLibraryFiles(): PackageFile[] {
  const files = [{ path: "cp-store-sdk.php", content: readFileSync(path.join(SDK_DIR, "cp-store-sdk.php"), "utf8") }];
  for (const name of readdirSync(path.join(SDK_DIR, "src")).sort()) {
    if (name.endsWith(".php")) files.push({ path: `src/${name}`, content: readFileSync(path.join(SDK_DIR, "src", name), "utf8") });
  }
  return files;
}

/** Every file of the product, relative to its folder. */
export function sdkPackageFiles(options: SdkPackageOptions): PackageFile[] {
  if (!/^[A-Za-z0-9_-]+$/.test(options.packageSlug)) throw new Error(`Not a package slug: ${options.packageSlug}`);
  if (!isValidVersion(options.version)) throw new Error(`Not a version: ${options.version}`);
  if (options.publicKeys.length === 0) throw new Error("At least one public key is needed");
  const example = EXAMPLES[options.kind];
  // PHP names: letters, digits and underscores, not starting with a digit.
  const prefix = options.packageSlug.replaceAll("-", "_").replace(/^(?=\d)/, "p_").toLowerCase();
  const keys = options.publicKeys.length === 1 ? phpString(options.publicKeys[0] ?? "") : `array( ${options.publicKeys.map(phpString).join(", ")} )`;

  const rewrite = (content: string) =>
    content
      .replaceAll(example.tokens.snake, `${prefix}_`)
      .replaceAll(example.tokens.upper, `${prefix.toUpperCase()}_`)
      .replaceAll(example.tokens.slug, options.packageSlug)
      .replaceAll(example.name, headerValue(options.name))
      .replaceAll(phpString(EXAMPLE_STORE_URL), phpString(options.storeUrl))
      .replaceAll(phpString(example.product), phpString(options.productSlug))
      .replaceAll(KEY_PLACEHOLDER, keys)
      .replaceAll(EXAMPLE_STORE_URL, headerValue(options.storeUrl))
      .replace(/^(\s*\*?\s*Version:\s*)\S+/m, `$1${options.version}`)
      .replace(/^(Stable tag:\s*)\S+/m, `$1${options.version}`);

  const files: PackageFile[] = [];
  for (const name of readdirSync(path.join(SDK_DIR, example.dir)).sort()) {
    const target = name === example.mainFile ? `${options.packageSlug}.php` : name;
    let content = rewrite(readFileSync(path.join(SDK_DIR, example.dir, name), "utf8"));
    if (name === "readme.txt") content = withChangelog(content, options.version, options.changelog);
    files.push({ path: target, content });
  }
  for (const file of sdkLibraryFiles()) files.push({ path: `cp-store-sdk/${file.path}`, content: file.content });
  return files;
}

/** readme.txt's changelog: this version's entry first, above the example's own history. */
function withChangelog(readme: string, version: string, changelog: string | undefined): string {
  if (version === EXAMPLE_VERSION && !changelog) return readme;
  const entry = `= ${version} =\n${changelog?.trim() || `* Release ${version}.`}\n\n`;
  return readme.replace("== Changelog ==\n\n", `== Changelog ==\n\n${entry}`);
}

// A fixed date keeps the zip's bytes (and so its SHA-256) the same for the same options.
const MTIME = new Date(Date.UTC(2025, 0, 1));

/** The product's zip: one folder named after the package slug, as WordPress's installer wants it. */
export async function buildSdkPackage(options: SdkPackageOptions): Promise<Buffer> {
  const zip = new ZipFile();
  const folders = new Set<string>();
  for (const file of sdkPackageFiles(options)) {
    const parts = file.path.split("/");
    for (let depth = 0; depth < parts.length; depth++) {
      const folder = [options.packageSlug, ...parts.slice(0, depth)].join("/") + "/";
      if (!folders.has(folder)) {
        folders.add(folder);
        zip.addEmptyDirectory(folder, { mtime: MTIME });
      }
    }
    zip.addBuffer(Buffer.from(file.content, "utf8"), `${options.packageSlug}/${file.path}`, { mtime: MTIME });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
