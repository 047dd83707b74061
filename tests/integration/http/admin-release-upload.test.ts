// POST /admin/products/{id}/releases/upload through the real server: who may upload (an admin's
// live session, from the store's own origin) is decided before the body is read; then a good zip
// becomes a release and each bad one is refused with its own code, storing nothing.
import { beforeAll, expect, it } from "vitest";
import type { Product } from "../../../lib/db";
import { buildDemoPackage } from "../../../lib/releases/demo-package";
import { getStorage } from "../../../lib/storage";
import { createProduct } from "../../helpers/factories";
import { sha256Hex } from "../../helpers/releases";
import { createAccount, signInOverHttp, type TestAccount } from "../../helpers/sessions";
import { storeServerForFile, TEST_PUBLIC_URL } from "../../helpers/store-server";
import { zipOf } from "../../helpers/zip-corpus";

const store = storeServerForFile();

let admin: TestAccount;
let adminCookie = "";
let customerCookie = "";
let product: Product;

beforeAll(async () => {
  const db = store.db();
  admin = await createAccount(db, "ADMIN");
  adminCookie = await signInOverHttp(store.server().url, admin);
  customerCookie = await signInOverHttp(store.server().url, await createAccount(db, "CUSTOMER"));
  product = await createProduct(db);
});

type UploadOptions = {
  cookie?: string;
  /** The Origin header; null sends none. Default: the store's own. */
  origin?: string | null;
  file?: { bytes: Buffer; name: string } | null;
  fields?: Record<string, string>;
  productId?: string;
};

async function upload(options: UploadOptions = {}) {
  const body = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) body.set(name, value);
  if (options.file !== null) {
    const file = options.file ?? { bytes: await plugin("1.0.0"), name: "plugin.zip" };
    body.set("file", new Blob([new Uint8Array(file.bytes)], { type: "application/zip" }), file.name);
  }
  const origin = options.origin === undefined ? TEST_PUBLIC_URL : options.origin;
  const response = await fetch(`${store.server().url}/admin/products/${options.productId ?? product.id}/releases/upload`, {
    method: "POST",
    headers: { ...(options.cookie ? { Cookie: options.cookie } : {}), ...(origin ? { Origin: origin } : {}) },
    body,
  });
  const json = (await response.json()) as { release?: { id: string; version: string; status: string; sha256: string }; error?: { code: string; message: string } };
  return { status: response.status, json };
}

const plugin = (version: string, packageSlug = product.slug) => buildDemoPackage({ kind: "plugin", packageSlug, name: "Upload Test", version });
const releaseCount = () => store.db().release.count({ where: { productId: product.id } });

it("refuses a signed-out visitor (401) and a customer (403) before reading the upload", async () => {
  expect(await upload()).toMatchObject({ status: 401, json: { error: { code: "UNAUTHORIZED" } } });
  expect(await upload({ cookie: customerCookie })).toMatchObject({ status: 403, json: { error: { code: "FORBIDDEN" } } });
  expect(await releaseCount()).toBe(0);
});

it("refuses an admin's upload without the store's own Origin (a cross-site form) with 403", async () => {
  for (const origin of [null, "https://evil.example", "http://store.test:3001", "https://store.test:3000", "null"]) {
    const answer = await upload({ cookie: adminCookie, origin });
    expect(answer, String(origin)).toMatchObject({ status: 403, json: { error: { code: "CROSS_SITE_REQUEST" } } });
  }
  expect(await releaseCount()).toBe(0);
});

it("turns an admin's plugin zip into a release: published, or a draft", async () => {
  const bytes = await plugin("1.0.0");
  const published = await upload({ cookie: adminCookie, file: { bytes, name: "upload-test.zip" }, fields: { channel: "stable", changelog: "* First", publish: "true" } });
  expect(published).toMatchObject({ status: 201, json: { release: { version: "1.0.0", status: "published", sha256: sha256Hex(bytes) } } });
  const row = await store.db().release.findUniqueOrThrow({ where: { id: published.json.release?.id ?? "" } });
  expect(row).toMatchObject({ productId: product.id, channel: "stable", changelog: "* First", sizeBytes: bytes.length, createdBy: admin.id });
  expect(row.publishedAt).toBeInstanceOf(Date);
  const stored = await getStorage().open(row.storageKey);
  const chunks: Buffer[] = [];
  for await (const chunk of stored?.stream ?? []) chunks.push(chunk as Buffer);
  expect(sha256Hex(Buffer.concat(chunks))).toBe(row.sha256);

  const draft = await upload({ cookie: adminCookie, file: { bytes: await plugin("1.1.0-beta.1"), name: "b.zip" }, fields: { channel: "beta", publish: "false", version: "1.1.0-beta.1" } });
  expect(draft).toMatchObject({ status: 201, json: { release: { version: "1.1.0-beta.1", status: "draft" } } });
  expect(await store.db().release.findUniqueOrThrow({ where: { id: draft.json.release?.id ?? "" } })).toMatchObject({ channel: "beta", publishedAt: null });
});

it("refuses each bad upload with its own code and sentence, storing nothing", async () => {
  const before = await releaseCount();
  const cases: [string, UploadOptions, number, string][] = [
    ["no file", { file: null }, 400, "FILE_REQUIRED"],
    ["not a zip", { file: { bytes: Buffer.from("just text"), name: "notes.zip" } }, 400, "NOT_A_ZIP"],
    ["another folder", { file: { bytes: await plugin("2.0.0", "other-plugin"), name: "x.zip" } }, 400, "ZIP_WRONG_FOLDER"],
    ["two folders", { file: { bytes: await zipOf({ [`${product.slug}/a.php`]: "<?php", "extra/b.php": "<?php" }), name: "x.zip" } }, 400, "ZIP_MULTIPLE_FOLDERS"],
    ["a version the file does not say", { file: { bytes: await plugin("2.0.0"), name: "x.zip" }, fields: { version: "2.0.1" } }, 400, "VERSION_MISMATCH"],
    ["a version already there", { file: { bytes: await plugin("1.0.0"), name: "x.zip" } }, 409, "VERSION_EXISTS"],
    ["a channel that does not exist", { fields: { channel: "nightly" } }, 400, "INVALID_CHANNEL"],
    ["an unknown product", { productId: "cl0000000000000000000000" }, 404, "NOT_FOUND"],
  ];
  for (const [what, options, status, code] of cases) {
    const answer = await upload({ cookie: adminCookie, ...options });
    expect(answer, what).toMatchObject({ status, json: { error: { code } } });
    expect(answer.json.error?.message.length, what).toBeGreaterThan(10);
  }
  expect(await releaseCount()).toBe(before);
});

it("refuses a session ended elsewhere (its session version moved on), like every admin page", async () => {
  const other = await createAccount(store.db(), "ADMIN");
  const cookie = await signInOverHttp(store.server().url, other);
  await store.db().user.update({ where: { id: other.id }, data: { sessionVersion: { increment: 1 } } });
  expect(await upload({ cookie, file: { bytes: await plugin("3.0.0"), name: "x.zip" } })).toMatchObject({ status: 401, json: { error: { code: "UNAUTHORIZED" } } });
});

it("serves no other method", async () => {
  const response = await fetch(`${store.server().url}/admin/products/${product.id}/releases/upload`, { headers: { Cookie: adminCookie } });
  expect(response.status).toBe(405);
  expect(response.headers.get("allow")).toBe("POST, OPTIONS");
});
