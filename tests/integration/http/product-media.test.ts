// GET /media/products/{productId}/{file} through the real server: a product's current icon and
// banner, with their type, a year of caching (the name carries the hash) and nosniff; a replaced
// image, a stored file the product does not point at, or anything else is a 404.
import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { Product } from "../../../lib/db";
import { checkProductImage, type CheckedImage } from "../../../lib/products/media";
import { saveProductImages } from "../../../lib/products/save-product";
import { getStorage } from "../../../lib/storage";
import { createProduct } from "../../helpers/factories";
import { storeServerForFile } from "../../helpers/store-server";

const store = storeServerForFile();

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([52, 0, 0, 0]), Buffer.from("WEBPVP8 "), Buffer.alloc(40, 2)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);

let product: Product;

async function checked(kind: "icon" | "banner", bytes: Buffer): Promise<CheckedImage> {
  const result = await checkProductImage(kind, new File([new Uint8Array(bytes)], "upload"));
  if (!result.ok) throw new Error(result.message);
  return result.image;
}

const media = (key: string | null, init?: RequestInit) => fetch(`${store.server().url}/media/${key ?? "missing"}`, init);

async function expectNotFound(key: string) {
  const response = await media(key);
  expect(response.status, key).toBe(404);
  expect(response.headers.get("content-type"), key).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ error: { code: "NOT_FOUND", message: "No such image" } });
}

beforeAll(async () => {
  product = await createProduct(store.db());
  await saveProductImages(store.db(), getStorage(), product.id, [{ kind: "icon", image: await checked("icon", PNG) }, { kind: "banner", image: await checked("banner", WEBP) }], "test");
  product = await store.db().product.findUniqueOrThrow({ where: { id: product.id } });
});

it("serves the current icon and banner with their type, a year of caching and nosniff", async () => {
  for (const [key, bytes, type] of [[product.iconFile, PNG, "image/png"], [product.bannerFile, WEBP, "image/webp"]] as const) {
    const response = await media(key);
    expect(response.status, String(key)).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  }
  // The update API's icon URLs are `${publicUrl}/media/${iconFile}`: exactly this path.
  expect(product.iconFile).toMatch(new RegExp(`^products/${product.id}/icon-[0-9a-f]{8}\\.png$`));
});

it("stops serving an image once it is replaced, and serves the new one", async () => {
  const other = await createProduct(store.db());
  await saveProductImages(store.db(), getStorage(), other.id, [{ kind: "icon", image: await checked("icon", PNG) }], "test");
  const before = await store.db().product.findUniqueOrThrow({ where: { id: other.id } });
  await saveProductImages(store.db(), getStorage(), other.id, [{ kind: "icon", image: await checked("icon", JPEG) }], "test");
  const after = await store.db().product.findUniqueOrThrow({ where: { id: other.id } });
  await expectNotFound(before.iconFile ?? "");
  const response = await media(after.iconFile);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/jpeg");
});

it("never serves a stored file the product does not point at", async () => {
  // In storage under a name the route would accept, but not the product's icon.
  const orphan = `products/${product.id}/icon-deadbeef.png`;
  const temp = path.join(tmpdir(), `cp-orphan-${randomUUID()}`);
  await writeFile(temp, PNG);
  await getStorage().putFile(orphan, temp, { contentType: "image/png" });
  await rm(temp, { force: true });
  await expectNotFound(orphan);

  // Another product's icon under this product's id.
  const another = await createProduct(store.db());
  await expectNotFound(`products/${another.id}/${product.iconFile?.split("/")[2]}`);
  for (const key of [
    `products/${product.id}/icon.png`,
    `products/${product.id}/icon-0123abcd.svg`,
    `products/no-such-product/${product.iconFile?.split("/")[2]}`,
    `products/${product.id}/${product.iconFile?.split("/")[2]?.replace(".png", ".webp")}`,
  ]) {
    await expectNotFound(key);
  }
});

it("answers other methods with 405 and Allow", async () => {
  const response = await media(product.iconFile, { method: "POST" });
  expect(response.status).toBe(405);
  expect(response.headers.get("allow")).toBe("GET, OPTIONS");
});
