// Admin → Products' release fields: kind, package folder, homepage, author, installation, and the
// icon and banner images (recognised by their bytes, stored under a hashed name, the old file
// deleted once the product points at the new one), on SQLite and PostgreSQL with real storage.
import { expect, it } from "vitest";
import { createProduct, saveProductImages } from "../../../lib/products/save-product";
import { checkProductImage, checkProductImageRequests, detectImageType, findProductImage, productImageContentType, type CheckedImage } from "../../../lib/products/media";
import { PRODUCT_IMAGE_MAX_BYTES, productFieldsSchema, productFormSchema, type ProductInput } from "../../../lib/products/schemas";
import { getStorage } from "../../../lib/storage";
import { unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

/** A real 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([52, 0, 0, 0]), Buffer.from("WEBPVP8 "), Buffer.alloc(40, 2)]);
const GIF = Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(40)]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

const form = { name: "Widget", slug: "widget", price: "49", currency: "usd", maxActivations: "1", validityDays: "" };

it.each([
  ["PNG", PNG, "image/png", "png"],
  ["JPEG", JPEG, "image/jpeg", "jpg"],
  ["WebP", WEBP, "image/webp", "webp"],
])("recognises a %s from its first bytes", (_name, bytes, contentType, extension) => {
  expect(detectImageType(bytes)).toEqual({ contentType, extension });
});

it.each([
  ["a GIF", GIF],
  ["an SVG (script inside)", SVG],
  ["a RIFF that is not WebP", Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WAVEfmt ")])],
  ["three bytes of a PNG", PNG.subarray(0, 3)],
  ["nothing", Buffer.alloc(0)],
])("refuses %s whatever its declared type", async (_name, bytes) => {
  expect(detectImageType(bytes)).toBeNull();
  const file = new File([bytes], "icon.png", { type: "image/png" });
  expect(await checkProductImage("icon", file)).toEqual({ ok: false, message: "The icon must be a PNG, JPEG or WebP image; this file is neither" });
});

it("refuses an image over its size limit with the sizes in the sentence, before reading it", async () => {
  const big = new File([PNG, Buffer.alloc(PRODUCT_IMAGE_MAX_BYTES.banner)], "banner.png", { type: "image/png" });
  expect(await checkProductImage("banner", big)).toEqual({ ok: false, message: "The banner must be at most 640 KB; this file is 641 KB" });
  // The form schema refuses it too (the action never sees it).
  const parsed = productFormSchema.safeParse({ ...form, banner: big });
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([["banner", "The banner must be at most 640 KB: choose a smaller file"]]);
});

it("a new file wins over 'remove'; each refused image is an error on its own field", async () => {
  const icon = new File([PNG], "i.png");
  const checks = await checkProductImageRequests([
    { kind: "icon", file: icon, remove: true },
    { kind: "banner", file: null, remove: true },
  ]);
  expect(checks.ok && checks.changes.map((change) => [change.kind, change.image?.type.extension ?? null])).toEqual([["icon", "png"], ["banner", null]]);
  const refused = await checkProductImageRequests([
    { kind: "icon", file: new File([GIF], "i.gif"), remove: false },
    { kind: "banner", file: new File([SVG], "b.svg"), remove: false },
  ]);
  expect(refused).toEqual({
    ok: false,
    fieldErrors: {
      icon: "The icon must be a PNG, JPEG or WebP image; this file is neither",
      banner: "The banner must be a PNG, JPEG or WebP image; this file is neither",
    },
  });
});

it("serves only names it could have written, with the type their extension (from their bytes) says", () => {
  expect(productImageContentType("icon-0123abcd.png")).toBe("image/png");
  expect(productImageContentType("banner-0123abcd.jpg")).toBe("image/jpeg");
  expect(productImageContentType("banner-0123abcd.webp")).toBe("image/webp");
  for (const name of ["icon-0123abcd.svg", "icon.png", "logo-0123abcd.png", "icon-0123ABCD.png", "../icon-0123abcd.png", "icon-0123abcd.png.html"]) {
    expect(productImageContentType(name), name).toBeNull();
  }
});

it.each([
  [{ kind: "theme", packageSlug: " My-Theme ", homepage: "https://example.com/theme", author: " Ada ", installation: "1. Upload" }, { kind: "theme", packageSlug: "my-theme", homepage: "https://example.com/theme", author: "Ada", installation: "1. Upload" }],
  [{ kind: "other", packageSlug: "", homepage: "", author: "" }, { kind: "other", packageSlug: null, homepage: null, author: null, installation: "" }],
  [{}, { kind: "plugin", packageSlug: null, homepage: null, author: null, installation: "" }],
])("parses the release fields %j", (fields, expected) => {
  expect(productFieldsSchema.parse({ ...form, ...fields })).toMatchObject(expected);
});

it.each([
  ["kind", { kind: "app" }, "Choose plugin, theme or other"],
  ["packageSlug", { packageSlug: "my_plugin" }, "Use lower-case letters, digits and single hyphens, e.g. pro-forms"],
  ["packageSlug", { packageSlug: "my--plugin" }, "Use lower-case letters, digits and single hyphens, e.g. pro-forms"],
  ["homepage", { homepage: "javascript:alert(1)" }, "Enter a full address starting with https:// or http://"],
  ["homepage", { homepage: "example.com" }, "Enter a full address starting with https:// or http://"],
  ["homepage", { homepage: "ftp://example.com" }, "Enter a full address starting with https:// or http://"],
  ["author", { author: "a".repeat(121) }, "At most 120 characters"],
  ["installation", { installation: "x".repeat(10_001) }, "At most 10,000 characters"],
  ["description", { description: "x".repeat(10_001) }, "At most 10,000 characters"],
])("refuses %s %j with its own message", (field, fields, message) => {
  const parsed = productFieldsSchema.safeParse({ ...form, ...fields });
  expect(parsed.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([[field, message]]);
});

const input = (fields: Partial<ProductInput> = {}): ProductInput => ({
  ...productFieldsSchema.parse({ ...form, slug: `media-${unique()}` }),
  ...fields,
});

async function checked(kind: "icon" | "banner", bytes: Buffer): Promise<CheckedImage> {
  const result = await checkProductImage(kind, new File([new Uint8Array(bytes)], "upload"));
  if (!result.ok) throw new Error(result.message);
  return result.image;
}

async function storedBytes(key: string): Promise<Buffer | null> {
  const file = await getStorage().open(key);
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describeEachDatabase("product release fields and images", (getDb) => {
  it("saves kind, package folder, homepage, author and installation, with the audit entry", async () => {
    const db = getDb();
    const result = await createProduct(db, input({ kind: "theme", packageSlug: "agency", homepage: "https://example.com", author: "Ada", installation: "Upload it." }), "admin-1");
    if (result.outcome !== "saved") throw new Error(result.outcome);
    expect(result.product).toMatchObject({ kind: "theme", packageSlug: "agency", homepage: "https://example.com", author: "Ada", installation: "Upload it." });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { subject: `product:${result.product.id}`, action: "product.created" } });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ kind: "theme", packageSlug: "agency" });
  });

  it("stores images under hashed names, points the product at them, and deletes what they replaced", async () => {
    const db = getDb();
    const created = await createProduct(db, input(), "admin-1");
    if (created.outcome !== "saved") throw new Error(created.outcome);
    const id = created.product.id;
    const storage = getStorage();

    expect(await saveProductImages(db, storage, id, [{ kind: "icon", image: await checked("icon", PNG) }, { kind: "banner", image: await checked("banner", JPEG) }], "admin-1")).toEqual({ outcome: "saved" });
    const first = await db.product.findUniqueOrThrow({ where: { id } });
    expect(first.iconFile).toMatch(new RegExp(`^products/${id}/icon-[0-9a-f]{8}\\.png$`));
    expect(first.bannerFile).toMatch(new RegExp(`^products/${id}/banner-[0-9a-f]{8}\\.jpg$`));
    expect(await storedBytes(first.iconFile ?? "")).toEqual(PNG);
    expect(await findProductImage(db, id, (first.iconFile ?? "").split("/")[2] ?? "")).toEqual({ key: first.iconFile, contentType: "image/png" });

    // A new icon replaces the old file; the banner is removed, its file with it.
    await saveProductImages(db, storage, id, [{ kind: "icon", image: await checked("icon", WEBP) }, { kind: "banner", image: null }], "admin-1");
    const second = await db.product.findUniqueOrThrow({ where: { id } });
    expect(second.iconFile).toMatch(/icon-[0-9a-f]{8}\.webp$/);
    expect(second.bannerFile).toBeNull();
    expect(await storedBytes(second.iconFile ?? "")).toEqual(WEBP);
    expect(await storedBytes(first.iconFile ?? "")).toBeNull();
    expect(await storedBytes(first.bannerFile ?? "")).toBeNull();
    // What it no longer points at is not found, even under its old name.
    expect(await findProductImage(db, id, (first.iconFile ?? "").split("/")[2] ?? "")).toBeNull();

    // The same image again keeps its file (same name): nothing is deleted from under the product.
    await saveProductImages(db, storage, id, [{ kind: "icon", image: await checked("icon", WEBP) }], "admin-1");
    expect((await db.product.findUniqueOrThrow({ where: { id } })).iconFile).toBe(second.iconFile);
    expect(await storedBytes(second.iconFile ?? "")).toEqual(WEBP);

    const audit = await db.auditEvent.findMany({ where: { subject: `product:${id}`, action: "product.images_changed" }, orderBy: { at: "asc" } });
    expect(audit.map((event) => JSON.parse(event.details ?? "{}"))).toEqual([
      { iconFile: first.iconFile, bannerFile: first.bannerFile },
      { iconFile: second.iconFile, bannerFile: null },
      { iconFile: second.iconFile },
    ]);
  });

  it("a product gone meanwhile keeps no file behind", async () => {
    const db = getDb();
    const image = await checked("icon", PNG);
    expect(await saveProductImages(db, getStorage(), "missing-product", [{ kind: "icon", image }], "admin-1")).toEqual({ outcome: "not_found" });
    expect(await storedBytes(`products/missing-product/icon-${image.sha256.slice(0, 8)}.png`)).toBeNull();
  });
});
