// The release routes of the server API through the real server: multipart uploads of real zips,
// drafts and publishing, yanking, each refusal with its code, scopes, a file over RELEASE_MAX_MB
// refused with its temp file gone, and a 100 MB upload that streams instead of filling memory.
import { mkdtempSync, openAsBlob, readdirSync, readFileSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseListResponseSchema, releaseResponseSchema, type ReleaseObject } from "../../../lib/api/releases/schemas";
import { hashApiKeySecret } from "../../../lib/api-keys/secret";
import type { Db, Product } from "../../../lib/db";
import { createProduct } from "../../helpers/factories";
import { postDeclaringLength, type RawAnswer } from "../../helpers/raw-http";
import { storeServerForFile, type StoreServer } from "../../helpers/store-server";
import { removeTempZips, validPluginZip, writeTempFile } from "../../helpers/zip-corpus";
import { createTestApiKey, type ApiErrorJson } from "./helpers/server-api";

// Both servers (and this process) put temp files here, so the test can see what is left behind.
const UPLOAD_TEMP = mkdtempSync(path.join(tmpdir(), "cp-release-api-"));
process.env.TMPDIR = UPLOAD_TEMP;
const uploadTempFiles = () => readdirSync(UPLOAD_TEMP).filter((name) => name.startsWith("cp-upload-"));

const store = storeServerForFile();
const small = storeServerForFile({ env: { RELEASE_MAX_MB: 1 } });
const keys = { read: "", write: "", smallWrite: "" };
beforeAll(async () => {
  keys.read = await createTestApiKey(store.db(), "read");
  keys.write = await createTestApiKey(store.db(), "write");
  keys.smallWrite = await createTestApiKey(small.db(), "write");
});
afterAll(removeTempZips);

type Answer<T> = { status: number; json: T };
type ReleaseJson = { data: ReleaseObject };

async function call<T>(server: StoreServer, pathname: string, init: { method?: string; key?: string | null; body?: FormData | string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? keys.write : init.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  const response = await fetch(server.url + pathname, { method: init.method ?? (init.body ? "POST" : "GET"), headers, body: init.body });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) as T };
  } catch {
    throw new Error(`${pathname} answered ${response.status}: ${text.slice(0, 200)}\n${server.stderr()}`);
  }
}

/** A multipart body: the file (streamed from disk by fetch) and text fields. */
async function form(filePath: string | null, fields: Record<string, string> = {}, fileName = filePath ? path.basename(filePath) : "") {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  if (filePath) body.set("file", await openAsBlob(filePath), fileName);
  return body;
}

const upload = (product: Product | string, body: FormData, key?: string | null, server = store.server()) =>
  call<ReleaseJson & ApiErrorJson>(server, `/api/v1/products/${typeof product === "string" ? product : product.slug}/releases`, { body, key });

async function pluginProduct(db: Db, fields: { kind?: string; packageSlug?: string } = {}): Promise<Product> {
  const product = await createProduct(db);
  return db.product.update({ where: { id: product.id }, data: fields });
}

describe("POST /api/v1/products/{product}/releases", () => {
  it("uploads a plugin zip and answers 201 with the release, published by default", async () => {
    const product = await pluginProduct(store.db(), { packageSlug: "acme-forms" });
    const zip = await validPluginZip("acme-forms", "1.4.0", "Acme Forms");
    const before = Date.now();
    const answer = await upload(product, await form(zip, { changelog: "* Fixed: Safari", version: "1.4.0" }, "acme-forms-1.4.0.zip"));

    expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    const release = releaseResponseSchema.parse(answer.json).data;
    const row = await store.db().release.findUniqueOrThrow({ where: { id: release.id } });
    expect(release).toEqual({
      id: row.id,
      product: { id: product.id, slug: product.slug },
      version: "1.4.0",
      channel: "stable",
      status: "published",
      changelog: "* Fixed: Safari",
      requires: row.requires,
      tested: row.tested,
      requires_php: row.requiresPhp,
      file_name: "acme-forms-1.4.0.zip",
      content_type: "application/zip",
      size: (await stat(zip)).size,
      sha256: row.sha256,
      downloads: 0,
      created_at: row.createdAt.toISOString(),
      published_at: row.publishedAt?.toISOString(),
      yanked_at: null,
    });
    expect(release.requires).toMatch(/^\d/);
    expect(release.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(release.published_at ?? "")).toBeGreaterThanOrEqual(before - 1000);

    const apiKey = await store.db().apiKey.findUniqueOrThrow({ where: { hash: hashApiKeySecret(keys.write) } });
    const audit = await store.db().auditEvent.findFirstOrThrow({ where: { subject: `release:${release.id}` } });
    expect(audit).toMatchObject({ actor: `api:${apiKey.prefix}`, action: "release.published" });
  });

  it("keeps a draft until it is published, then yanks it; each move only once", async () => {
    const product = await pluginProduct(store.db());
    const base = `/api/v1/products/${product.id}/releases`;
    const created = await upload(product.id, await form(await validPluginZip(product.slug, "2.0.0-beta.1"), { status: "draft", channel: "beta" }));
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ status: "draft", channel: "beta", published_at: null, version: "2.0.0-beta.1" });

    const yankDraft = await call<ApiErrorJson>(store.server(), `${base}/2.0.0-beta.1/yank`, { method: "POST" });
    expect([yankDraft.status, yankDraft.json.error.code]).toEqual([409, "RELEASE_NOT_PUBLISHED"]);

    const published = await call<ReleaseJson>(store.server(), `${base}/2.0.0-beta.1/publish`, { method: "POST" });
    expect(published.status).toBe(200);
    expect(published.json.data).toMatchObject({ status: "published", published_at: expect.any(String) });
    const again = await call<ApiErrorJson>(store.server(), `${base}/${created.json.data.id}/publish`, { method: "POST" });
    expect([again.status, again.json.error.code]).toEqual([409, "ALREADY_PUBLISHED"]);

    const yanked = await call<ReleaseJson>(store.server(), `${base}/2.0.0-beta.1/yank`, { method: "POST" });
    expect(yanked.status).toBe(200);
    expect(yanked.json.data).toMatchObject({ status: "yanked", yanked_at: expect.any(String) });
    for (const move of ["yank", "publish"]) {
      const final = await call<ApiErrorJson>(store.server(), `${base}/2.0.0-beta.1/${move}`, { method: "POST" });
      expect([final.status, final.json.error.code]).toEqual([409, "ALREADY_YANKED"]);
    }
    const events = await store.db().auditEvent.findMany({ where: { subject: `release:${created.json.data.id}` } });
    expect(events.map((event) => event.action).sort()).toEqual(["release.created", "release.published", "release.yanked"]);
  });

  it("refuses each bad upload with its code, storing nothing", async () => {
    const product = await pluginProduct(store.db());
    const zip = await validPluginZip(product.slug, "1.2.0");
    const cases: [string, FormData | string, number, string, Record<string, string>?][] = [
      ["a version that is not the header's", await form(zip, { version: "1.3.0" }), 400, "VERSION_MISMATCH"],
      ["a zip whose folder is not the package slug", await form(await validPluginZip("some-other-folder", "1.2.0")), 400, "ZIP_WRONG_FOLDER"],
      ["a file that is not a zip", await form(await writeTempFile(Buffer.from("plain text"), "notes.txt")), 400, "NOT_A_ZIP"],
      ["no file", await form(null, { version: "1.2.0" }), 400, "FILE_REQUIRED"],
      ["an unknown channel", await form(zip, { channel: "nightly" }), 422, "VALIDATION_ERROR"],
      ["an unknown field", await form(zip, { colour: "blue" }), 422, "VALIDATION_ERROR"],
      ["a JSON body", JSON.stringify({ version: "1.2.0" }), 400, "UNSUPPORTED_CONTENT_TYPE", { "Content-Type": "application/json" }],
    ];
    for (const [what, body, status, code, headers] of cases) {
      const answer = await call<ApiErrorJson>(store.server(), `/api/v1/products/${product.slug}/releases`, { body, headers });
      expect([answer.status, answer.json.error?.code], what).toEqual([status, code]);
      expect(answer.json.error.message.length, what).toBeGreaterThan(10);
    }
    expect(await store.db().release.count({ where: { productId: product.id } })).toBe(0);
  });

  it("answers 409 VERSION_EXISTS for a version the product has", async () => {
    const product = await pluginProduct(store.db());
    const zip = await validPluginZip(product.slug, "3.0.0");
    expect((await upload(product, await form(zip))).status).toBe(201);
    const second = await upload(product, await form(zip));
    expect([second.status, second.json.error?.code]).toEqual([409, "VERSION_EXISTS"]);
    expect(await store.db().release.count({ where: { productId: product.id } })).toBe(1);
  });

  it("lets a read key list and get but not upload, publish or yank; no key gets 401", async () => {
    const product = await pluginProduct(store.db());
    const base = `/api/v1/products/${product.slug}/releases`;
    const denied = await upload(product, await form(await validPluginZip(product.slug, "1.0.0")), keys.read);
    expect([denied.status, denied.json.error?.code]).toEqual([403, "FORBIDDEN"]);
    expect((await upload(product, await form(await validPluginZip(product.slug, "1.0.0")), null)).status).toBe(401);
    expect((await upload(product, await form(await validPluginZip(product.slug, "1.0.0"), { status: "draft" }))).status).toBe(201);
    for (const move of ["publish", "yank"]) {
      const answer = await call<ApiErrorJson>(store.server(), `${base}/1.0.0/${move}`, { method: "POST", key: keys.read });
      expect([answer.status, answer.json.error.code]).toEqual([403, "FORBIDDEN"]);
    }
    expect((await call(store.server(), base, { key: keys.read })).status).toBe(200);
    expect((await call(store.server(), `${base}/1.0.0`, { key: keys.read })).status).toBe(200);
    expect((await store.db().release.findFirstOrThrow({ where: { productId: product.id } })).status).toBe("draft");
  });
});

describe("GET /api/v1/products/{product}/releases[/{release}]", () => {
  it("lists every release newest version first, and gets one by version or id", async () => {
    const product = await pluginProduct(store.db());
    for (const [version, status] of [["1.9.0", "published"], ["1.10.0", "draft"], ["1.2.0", "published"]] as const) {
      expect((await upload(product, await form(await validPluginZip(product.slug, version), { status }))).status).toBe(201);
    }
    const list = await call<unknown>(store.server(), `/api/v1/products/${product.slug}/releases`, { key: keys.read });
    expect(list.status).toBe(200);
    const releases = releaseListResponseSchema.parse(list.json).data;
    expect(releases.map((release) => [release.version, release.status])).toEqual([["1.10.0", "draft"], ["1.9.0", "published"], ["1.2.0", "published"]]);

    const byVersion = await call<ReleaseJson>(store.server(), `/api/v1/products/${product.id}/releases/1.9.0`, { key: keys.read });
    expect(byVersion.json.data).toEqual(releases[1]);
    const byId = await call<ReleaseJson>(store.server(), `/api/v1/products/${product.slug}/releases/${releases[1]?.id}`, { key: keys.read });
    expect(byId.json.data).toEqual(releases[1]);
  });

  it("answers 404 for an unknown product, an unknown release, and another product's release", async () => {
    const [mine, other] = [await pluginProduct(store.db()), await pluginProduct(store.db())];
    const created = await upload(other, await form(await validPluginZip(other.slug, "1.0.0")));
    for (const pathname of [
      "/api/v1/products/no-such-product/releases",
      `/api/v1/products/${mine.slug}/releases/9.9.9`,
      `/api/v1/products/${mine.slug}/releases/${created.json.data.id}`,
    ]) {
      const answer = await call<ApiErrorJson>(store.server(), pathname, { key: keys.read });
      expect([answer.status, answer.json.error.code], pathname).toEqual([404, "NOT_FOUND"]);
    }
    const upload404 = await upload("no-such-product", await form(await validPluginZip("x", "1.0.0")));
    expect([upload404.status, upload404.json.error?.code]).toEqual([404, "NOT_FOUND"]);
  });
});

/** Sends a multipart file part that never ends, watching for the server's temp file. */
function postEndlessUpload(url: string, key: string): Promise<RawAnswer & { sawTempFile: boolean }> {
  const boundary = "----cp-endless";
  const preamble = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.zip"\r\nContent-Type: application/zip\r\n\r\n`;
  const chunk = Buffer.alloc(64 * 1024, 0x50);
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    let sawTempFile = false;
    const headers = { Authorization: `Bearer ${key}`, "Content-Type": `multipart/form-data; boundary=${boundary}`, "Transfer-Encoding": "chunked" };
    const request = httpRequest(url, { method: "POST", headers }, (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8").on("data", (part: string) => (text += part));
      const done = () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, sentBytes, sawTempFile });
      };
      response.on("end", done).on("error", done);
    });
    request.on("error", (error) => answered || reject(error));
    request.write(preamble);
    const pump = () => {
      while (!answered) {
        if (sentBytes > 64 * 1024 * 1024) return reject(new Error("no answer after 64 MB: the server reads the whole body"));
        sawTempFile ||= uploadTempFiles().length > 0;
        sentBytes += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
    };
    pump();
  });
}

describe("a file over RELEASE_MAX_MB (1 MB on this server)", () => {
  it("is refused with 413 as it streams past the limit, and its temp file is deleted", async () => {
    const product = await pluginProduct(small.db());
    const answer = await postEndlessUpload(`${small.server().url}/api/v1/products/${product.slug}/releases`, keys.smallWrite);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({ error: { code: "FILE_TOO_LARGE", message: "The file must be at most 1 MB (1048576 bytes)" } });
    expect(answer.sawTempFile).toBe(true);
    expect(answer.sentBytes).toBeLessThan(32 * 1024 * 1024);
    expect(uploadTempFiles()).toEqual([]);
  });

  it("is refused from its Content-Length before a byte is read, and a file just over the limit too", async () => {
    const product = await pluginProduct(small.db());
    const url = `${small.server().url}/api/v1/products/${product.slug}/releases`;
    const declared = await postDeclaringLength(url, 40 * 1024 * 1024, { Authorization: `Bearer ${keys.smallWrite}`, "Content-Type": "multipart/form-data; boundary=x" });
    expect([declared.status, JSON.parse(declared.text).error.code]).toEqual([413, "FILE_TOO_LARGE"]);

    const justOver = await writeTempFile(Buffer.alloc(1024 * 1024 + 1, 1), "just-over.zip");
    const answer = await upload(product, await form(justOver), keys.smallWrite, small.server());
    expect([answer.status, answer.json.error?.code]).toEqual([413, "FILE_TOO_LARGE"]);
    expect(uploadTempFiles()).toEqual([]);
    expect(await small.db().release.count({ where: { productId: product.id } })).toBe(0);
  });
});

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}

describe("memory", () => {
  it("streams a 100 MB upload to storage without raising the server's RSS by 50 MB", async () => {
    const product = await pluginProduct(store.db(), { kind: "other" });
    // Warm the route and its buffers first (code loads on first use), so the measure is of the upload alone.
    const warm = await upload(product, await form(await writeTempFile(Buffer.alloc(8 * 1024 * 1024, 7), "warm.bin"), { version: "0.0.1" }));
    expect(warm.status).toBe(201);

    const big = await writeTempFile(Buffer.alloc(0), "big.bin");
    const handle = await open(big, "w");
    const block = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 100; i++) await handle.write(block.fill(i % 251));
    await handle.close();

    const pid = store.server().pid;
    const before = residentBytes(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 25);
    try {
      const answer = await upload(product, await form(big, { version: "1.0.0" }));
      expect(answer.status, JSON.stringify(answer.json)).toBe(201);
      expect(answer.json.data.size).toBe(100 * 1024 * 1024);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, residentBytes(pid));
    expect(peak - before, `RSS ${Math.round(before / 2 ** 20)} MB → peak ${Math.round(peak / 2 ** 20)} MB`).toBeLessThan(50 * 1024 * 1024);
  });
});

afterAll(() => {
  // Every upload of the file, accepted or refused, left no temp file behind.
  expect(uploadTempFiles()).toEqual([]);
});
