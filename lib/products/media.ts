// A product's icon and banner (shown in WordPress's "View details" and update screens): PNG, JPEG
// or WebP only, recognised by their first bytes (a browser's content type is the uploader's word,
// not the file's), small enough to travel in a server action's 1 MB body together, and stored
// under a name that carries the content's hash, so the public URL of an image never changes
// meaning and can be cached for a year.
import { createHash, randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DbClient } from "../db";
import type { FileStorage } from "../storage/types";
import { formatKilobytes, PRODUCT_IMAGE_MAX_BYTES, type ProductImageKind } from "./schemas";

type ImageType = { contentType: "image/png" | "image/jpeg" | "image/webp"; extension: "png" | "jpg" | "webp" };

const BY_EXTENSION: Record<string, ImageType["contentType"]> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp" };

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** The image type from the file's own signature, or null when it is not a PNG, JPEG or WebP. */
export function detectImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: "image/png", extension: "png" };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { contentType: "image/jpeg", extension: "jpg" };
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return { contentType: "image/webp", extension: "webp" };
  return null;
}

export type CheckedImage = { kind: ProductImageKind; bytes: Uint8Array; type: ImageType; sha256: string };
export type ImageCheck = { ok: true; image: CheckedImage } | { ok: false; message: string };

/**
 * Checks an uploaded image: its size, then its signature. Each refusal is a sentence for the
 * form field (the browser forgets the chosen file after a submit, so it says to choose again).
 */
export async function checkProductImage(kind: ProductImageKind, file: Blob): Promise<ImageCheck> {
  const max = PRODUCT_IMAGE_MAX_BYTES[kind];
  if (file.size > max) {
    return { ok: false, message: `The ${kind} must be at most ${formatKilobytes(max)}; this file is ${formatKilobytes(file.size)}` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = detectImageType(bytes);
  if (!type) return { ok: false, message: `The ${kind} must be a PNG, JPEG or WebP image; this file is neither` };
  return { ok: true, image: { kind, bytes, type, sha256: createHash("sha256").update(bytes).digest("hex") } };
}

/** `products/<productId>/<kind>-<first 8 hex of its SHA-256>.<ext>`: the storage key and the URL path under /media/. */
export const productImageKey = (productId: string, image: CheckedImage): string =>
  `products/${productId}/${image.kind}-${image.sha256.slice(0, 8)}.${image.type.extension}`;

const FILE_NAME_PATTERN = /^(icon|banner)-[0-9a-f]{8}\.(png|jpg|webp)$/;

/** The content type to serve a stored image with, from its name (which its signature decided); null for any other name. */
export function productImageContentType(fileName: string): string | null {
  const match = FILE_NAME_PATTERN.exec(fileName);
  return match ? (BY_EXTENSION[match[2] ?? ""] ?? null) : null;
}

/** Puts a checked image into storage (through a temp file: storage takes local paths) and returns its key. */
export async function storeProductImage(storage: FileStorage, productId: string, image: CheckedImage): Promise<string> {
  const key = productImageKey(productId, image);
  const tempPath = path.join(tmpdir(), `cp-image-${randomUUID()}`);
  try {
    await writeFile(tempPath, image.bytes, { flag: "wx" });
    await storage.putFile(key, tempPath, { contentType: image.type.contentType });
  } finally {
    await rm(tempPath, { force: true });
  }
  return key;
}

/** The public path of a stored image (Admin's form, and the update API's icons and banners). */
export const productImagePath = (key: string): string => `/media/${key}`;

/**
 * The stored image `/media/products/<productId>/<fileName>` names, only while it is that product's
 * current icon or banner: a replaced or removed image, or any other file in storage, is not served.
 */
export async function findProductImage(
  db: DbClient,
  productId: string,
  fileName: string,
): Promise<{ key: string; contentType: string } | null> {
  const contentType = productImageContentType(fileName);
  if (!contentType || !/^[A-Za-z0-9_-]{1,64}$/.test(productId)) return null;
  const key = `products/${productId}/${fileName}`;
  const product = await db.product.findFirst({ where: { id: productId, OR: [{ iconFile: key }, { bannerFile: key }] }, select: { id: true } });
  return product ? { key, contentType } : null;
}

export type ProductImageRequest = { kind: ProductImageKind; file: Blob | null; remove: boolean };
/** A new image for `kind`, or null to remove the current one. */
export type ProductImageChange = { kind: ProductImageKind; image: CheckedImage | null };
export type ProductImageChecks =
  | { ok: true; changes: ProductImageChange[] }
  | { ok: false; fieldErrors: Partial<Record<ProductImageKind, string>> };

/**
 * What the form asks for each image: a new file (checked here; it wins over "remove"), a removal,
 * or nothing. Every refusal comes back as an error on its own field.
 */
export async function checkProductImageRequests(requests: readonly ProductImageRequest[]): Promise<ProductImageChecks> {
  const changes: ProductImageChange[] = [];
  const fieldErrors: Partial<Record<ProductImageKind, string>> = {};
  for (const request of requests) {
    if (request.file) {
      const checked = await checkProductImage(request.kind, request.file);
      if (checked.ok) changes.push({ kind: request.kind, image: checked.image });
      else fieldErrors[request.kind] = checked.message;
    } else if (request.remove) {
      changes.push({ kind: request.kind, image: null });
    }
  }
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, changes };
}
