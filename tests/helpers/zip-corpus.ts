// Zips for the tests, built here rather than committed: good plugins and themes (yazl, or the demo
// package builder), and the hostile ones a vendor's upload could be, written byte by byte where
// yazl refuses to write them (unsafe names, encrypted entries, sizes that lie). inspectPackage
// reads a path, so every builder that returns a path writes a temp file first.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import { ZipFile } from "yazl";
import { buildDemoPackage } from "@/lib/releases/demo-package";

const tempDirs: string[] = [];

/** Writes bytes to a fresh temp folder and returns the file's path. */
export async function writeTempFile(bytes: Buffer, fileName = "package.zip"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "cp-store-zip-"));
  tempDirs.push(dir);
  const filePath = path.join(dir, fileName);
  await writeFile(filePath, bytes);
  return filePath;
}

/** Removes every file writeTempFile wrote in this process (an afterAll). */
export async function removeTempZips(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A zip made by yazl: names ending in "/" are folders; `mode` sets Unix attributes. */
export async function zipOf(files: Record<string, string | Buffer | { data: string | Buffer; mode: number }>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith("/")) {
      zip.addEmptyDirectory(name);
      continue;
    }
    const { data, mode } = typeof content === "object" && "mode" in content ? content : { data: content, mode: undefined };
    zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, mode === undefined ? {} : { mode });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export type RawEntry = {
  name: string;
  data?: Buffer;
  /** Deflate the data (method 8); otherwise stored. */
  deflate?: boolean;
  /** General purpose flags: 0x1 = encrypted. */
  flags?: number;
  externalAttributes?: number;
  /** Lie about the uncompressed size (a bomb's declared size). */
  declaredSize?: number;
};

/**
 * A zip written byte by byte, for what yazl will not write. Zip64 end records are added when the
 * entry count needs them; `claimedEntries` makes the end record promise more entries than listed.
 */
export function rawZip(entries: RawEntry[], options: { claimedEntries?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const plain = entry.data ?? Buffer.alloc(0);
    const stored = entry.deflate ? deflateRawSync(plain) : plain;
    const crc = crc32(plain);
    const size = entry.declaredSize ?? plain.length;
    const flags = (entry.flags ?? 0) | 0x800; // UTF-8 names
    const method = entry.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5a21, 12); // 2025-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix, so the attributes' high bits are a mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5a21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(entry.externalAttributes ?? (0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const count = options.claimedEntries ?? entries.length;
  const end: Buffer[] = [];
  if (count > 0xffff) {
    const zip64End = Buffer.alloc(56);
    zip64End.writeUInt32LE(0x06064b50, 0);
    zip64End.writeBigUInt64LE(44n, 4);
    zip64End.writeUInt16LE(0x032d, 12);
    zip64End.writeUInt16LE(45, 14);
    zip64End.writeBigUInt64LE(BigInt(count), 24);
    zip64End.writeBigUInt64LE(BigInt(count), 32);
    zip64End.writeBigUInt64LE(BigInt(centralDirectory.length), 40);
    zip64End.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + centralDirectory.length), 8);
    locator.writeUInt32LE(1, 16);
    end.push(zip64End, locator);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(count, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(count, 0xffff), 10);
  eocd.writeUInt32LE(centralDirectory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, ...end, eocd]);
}

/** A plugin main file's header block. */
export function pluginHeader(name: string, version: string | null, extra = ""): string {
  return `<?php\n/**\n * Plugin Name: ${name}\n${version === null ? "" : ` * Version: ${version}\n`}${extra} */\n`;
}

/** A real plugin zip (the demo package) in a temp file. */
export async function validPluginZip(slug: string, version: string, name = `Plugin ${slug}`): Promise<string> {
  return writeTempFile(await buildDemoPackage({ kind: "plugin", packageSlug: slug, name, version }), `${slug}.zip`);
}

/** A real theme zip (the demo package) in a temp file. */
export async function validThemeZip(slug: string, version: string, name = `Theme ${slug}`): Promise<string> {
  return writeTempFile(await buildDemoPackage({ kind: "theme", packageSlug: slug, name, version }), `${slug}.zip`);
}

/** A plugin zip from the given files under `<slug>/`, plus `<slug>/<slug>.php` with a header unless given. */
export async function pluginZipWith(slug: string, version: string, files: Record<string, string | Buffer> = {}): Promise<string> {
  const inFolder = Object.fromEntries(Object.entries(files).map(([name, data]) => [`${slug}/${name}`, data]));
  return writeTempFile(await zipOf({ [`${slug}/${slug}.php`]: pluginHeader(`Plugin ${slug}`, version), ...inFolder }));
}

/** A zip of `entryCount` empty files inside `<slug>/` (zip64 end records past 65,535). */
export async function manyEntriesZip(slug: string, entryCount: number): Promise<string> {
  const entries: RawEntry[] = [{ name: `${slug}/${slug}.php`, data: Buffer.from(pluginHeader(slug, "1.0.0")) }];
  for (let i = 1; i < entryCount; i += 1) entries.push({ name: `${slug}/f/${i}.txt` });
  return writeTempFile(rawZip(entries));
}

/** The main plugin file is deflated data that says it is 100 bytes and inflates to `inflatedBytes`. */
export async function lyingSizeBombZip(slug: string, inflatedBytes: number): Promise<string> {
  const data = Buffer.concat([Buffer.from(pluginHeader(slug, "1.0.0")), Buffer.alloc(inflatedBytes, 0x20)]);
  return writeTempFile(rawZip([{ name: `${slug}/${slug}.php`, data, deflate: true, declaredSize: 100 }]));
}

/** An entry that declares `declaredBytes` uncompressed (up to 4 GiB) for a few compressed bytes. */
export async function declaredHugeBombZip(slug: string, declaredBytes: number): Promise<string> {
  return writeTempFile(
    rawZip([
      { name: `${slug}/${slug}.php`, data: Buffer.from(pluginHeader(slug, "1.0.0")) },
      { name: `${slug}/bomb.bin`, data: Buffer.alloc(1024), deflate: true, declaredSize: declaredBytes },
    ]),
  );
}
