// What a release file is, read before the store keeps it: a plugin or theme zip is checked the
// way WordPress's installer checks it (one folder named after the package, a main file with its
// headers) so that a release the store accepts is one WordPress will install and update; its
// version and requirements come from those headers. Files of other products are taken as they are.
import path from "node:path";
import type { ZipFile } from "yauzl";
import { ReleaseError } from "./errors";
import { isValidVersion } from "./version";
import { PLUGIN_HEADERS, README_HEADERS, THEME_HEADERS, WORDPRESS_HEADER_BYTES, parseFileHeaders } from "./wordpress-headers";
import { listZip, openZip, readEntryHead, type ZipFileEntry, type ZipListing } from "./zip-reader";

export type PackageKind = "plugin" | "theme" | "other";

export type PackageInfo = {
  /** Version header of the main plugin file / style.css; null for kind "other". */
  version: string | null;
  /** Plugin Name / Theme Name. */
  name: string | null;
  /** "Requires at least" (header, else readme.txt). */
  requires: string | null;
  /** "Tested up to" (header, else readme.txt). */
  tested: string | null;
  /** "Requires PHP" (header, else readme.txt). */
  requiresPhp: string | null;
  contentType: string;
};

export type PackageLimits = {
  /** Entries in the central directory (known before any is read). */
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed / compressed, for the whole zip and for any entry over 1 MiB. */
  maxRatio: number;
  /** The most we inflate of readme.txt (PHP files and style.css stop at WordPress's 8 KiB). */
  maxHeaderFileBytes: number;
};

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxEntries: 10_000,
  maxUncompressedBytes: 1024 ** 3,
  maxRatio: 100,
  maxHeaderFileBytes: 1024 ** 2,
};

const CONTENT_TYPES: Record<string, string> = {
  ".zip": "application/zip",
  ".gz": "application/gzip",
  ".tgz": "application/gzip",
  ".7z": "application/x-7z-compressed",
  ".exe": "application/vnd.microsoft.portable-executable",
  ".msi": "application/x-msi",
  ".dmg": "application/x-apple-diskimage",
  ".deb": "application/vnd.debian.binary-package",
  ".rpm": "application/x-rpm",
  ".jar": "application/java-archive",
  ".pdf": "application/pdf",
  ".txt": "text/plain",
};

/** The type a file of an "other" product is served with, from its extension. */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? "application/octet-stream";
}

type Headers = { name: string | null; version: string | null; requires: string | null; tested: string | null; requiresPhp: string | null };

/**
 * Inspects a release file. Plugin and theme zips are refused with a ReleaseError naming the broken
 * rule (unsafe entries, layout, missing or invalid headers); whether the version equals the
 * release's is the caller's rule.
 */
export async function inspectPackage(
  filePath: string,
  options: { kind: PackageKind; packageSlug: string; fileName: string; limits?: Partial<PackageLimits> },
): Promise<PackageInfo> {
  if (options.kind === "other") {
    return { version: null, name: null, requires: null, tested: null, requiresPhp: null, contentType: contentTypeFor(options.fileName) };
  }
  const limits = { ...DEFAULT_PACKAGE_LIMITS, ...options.limits };
  const zip = await openZip(filePath);
  try {
    const listing = await listZip(zip, limits);
    const folder = checkSingleFolder(listing, options.packageSlug);
    const inFolder = listing.files.filter((file) => file.segments.length === 2 && file.segments[0] === folder);
    const headers =
      options.kind === "plugin" ? await readPluginHeaders(zip, inFolder, folder) : await readThemeHeaders(zip, inFolder, listing, folder);
    const version = checkVersion(headers.version, options.kind === "plugin" ? "main plugin file" : "style.css");
    const readme = inFolder.find((file) => file.segments[1]?.toLowerCase() === "readme.txt");
    const fromReadme = readme ? parseReadmeHeaders((await readEntryHead(zip, readme.entry, limits.maxHeaderFileBytes)).toString("utf8")) : null;
    return {
      version,
      name: headers.name,
      requires: headers.requires ?? fromReadme?.requires ?? null,
      tested: headers.tested ?? fromReadme?.tested ?? null,
      requiresPhp: headers.requiresPhp ?? fromReadme?.requiresPhp ?? null,
      contentType: "application/zip",
    };
  } finally {
    zip.close();
  }
}

/** WordPress installs the zip's one folder under that folder's name, so it must be the package slug. */
function checkSingleFolder(listing: ZipListing, packageSlug: string): string {
  const expected = `The zip must contain exactly one folder, named "${packageSlug}", with everything inside it.`;
  if (listing.topLevelFiles.length > 0) {
    const shown = listing.topLevelFiles.slice(0, 3).join(", ") + (listing.topLevelFiles.length > 3 ? ", …" : "");
    throw new ReleaseError("ZIP_NO_FOLDER", `The zip has files outside a folder (${shown}). ${expected}`);
  }
  const folders = [...listing.topLevelFolders];
  if (folders.length === 0) throw new ReleaseError("ZIP_NO_FOLDER", `The zip is empty. ${expected}`);
  if (folders.length > 1) {
    throw new ReleaseError("ZIP_MULTIPLE_FOLDERS", `The zip has ${folders.length} top-level folders (${folders.slice(0, 3).join(", ")}). ${expected}`);
  }
  const [folder = ""] = folders;
  if (folder !== packageSlug) {
    throw new ReleaseError(
      "ZIP_WRONG_FOLDER",
      `The zip's folder is "${folder}" but must be "${packageSlug}" (the product's package slug); WordPress installs the package under its folder's name, so an update would land beside the installed copy.`,
    );
  }
  return folder;
}

/** Like get_plugins(): the first PHP file at the top of the folder whose header names the plugin. */
async function readPluginHeaders(zip: ZipFile, inFolder: ZipFileEntry[], folder: string): Promise<Headers> {
  const candidates = inFolder
    .filter((file) => file.path.endsWith(".php"))
    .sort((a, b) => Number(b.segments[1] === `${folder}.php`) - Number(a.segments[1] === `${folder}.php`) || a.path.localeCompare(b.path));
  for (const file of candidates) {
    const text = (await readEntryHead(zip, file.entry, WORDPRESS_HEADER_BYTES)).toString("utf8");
    const headers = parseFileHeaders(text, PLUGIN_HEADERS);
    if (headers.name) return headers;
  }
  throw new ReleaseError(
    "ZIP_MISSING_HEADER",
    `No PHP file at the top of the "${folder}" folder has a "Plugin Name:" header in its first 8 KiB, so WordPress would not see a plugin. Add the header to the main plugin file.`,
  );
}

/** Like Theme_Upgrader::check_package(): style.css names the theme; a parent theme has an index template. */
async function readThemeHeaders(zip: ZipFile, inFolder: ZipFileEntry[], listing: ZipListing, folder: string): Promise<Headers> {
  const style = inFolder.find((file) => file.segments[1] === "style.css");
  const text = style ? (await readEntryHead(zip, style.entry, WORDPRESS_HEADER_BYTES)).toString("utf8") : "";
  const headers = parseFileHeaders(text, { ...THEME_HEADERS, template: "Template" });
  if (!headers.name) {
    throw new ReleaseError(
      "ZIP_MISSING_HEADER",
      `The "${folder}" folder has no style.css with a "Theme Name:" header, so WordPress would not see a theme.`,
    );
  }
  const templates = [`${folder}/index.php`, `${folder}/templates/index.html`, `${folder}/block-templates/index.html`];
  if (!headers.template && !listing.files.some((file) => templates.includes(file.path))) {
    throw new ReleaseError(
      "ZIP_THEME_NO_INDEX",
      "The theme has neither index.php nor templates/index.html, which WordPress requires of a theme that is not a child theme.",
    );
  }
  return headers;
}

/** readme.txt's header block: the lines before its first "== Section ==". */
function parseReadmeHeaders(text: string) {
  const section = /^==[^=]/m.exec(text);
  return parseFileHeaders(section ? text.slice(0, section.index) : text, README_HEADERS, Infinity);
}

function checkVersion(version: string | null, where: string): string {
  if (!version) {
    throw new ReleaseError("ZIP_NO_VERSION", `The ${where} has no "Version:" header; WordPress compares it to offer updates.`);
  }
  if (!isValidVersion(version)) {
    throw new ReleaseError(
      "ZIP_INVALID_VERSION",
      `The ${where}'s version "${version}" is not a version the store understands (numbers like 1.2, 1.2.3 or 2.0.0-beta.1).`,
    );
  }
  return version;
}
