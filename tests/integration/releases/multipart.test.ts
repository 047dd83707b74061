// readMultipartUpload on real requests: the file lands in a temp file with its size and SHA-256,
// fields come back as strings, and every refusal leaves no temp file behind.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { ApiError } from "../../../lib/http/api-error";
import { readMultipartUpload } from "../../../lib/http/multipart";

const tempDir = mkdtempSync(path.join(tmpdir(), "cp-multipart-"));
const leftovers = () => readdirSync(tempDir);

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("http://store.test/upload", { method: "POST", body, headers });
}

function formWith(entries: [string, string | [Uint8Array<ArrayBuffer>, string]][]): FormData {
  const form = new FormData();
  for (const [name, value] of entries) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, new Blob([value[0]]), value[1]);
  }
  return form;
}

async function refusal(request: Request, maxFileBytes = 1000) {
  const error = await readMultipartUpload(request, { maxFileBytes, tempDir, maxFieldBytes: 64 }).then(() => null, (cause: unknown) => cause);
  expect(error).toBeInstanceOf(ApiError);
  expect(leftovers()).toEqual([]);
  const { status, code } = error as ApiError;
  return { status, code };
}

it("writes the file to a temp file, hashed and counted, beside the text fields", async () => {
  const bytes = new TextEncoder().encode("hello, plugin");
  const upload = await readMultipartUpload(post(formWith([["version", "1.2.0"], ["file", [bytes, "dir/plügin.zip"]], ["channel", "beta"]])), {
    maxFileBytes: 1000,
    tempDir,
  });
  expect(upload.fields).toEqual({ version: "1.2.0", channel: "beta" });
  expect(upload.file).toMatchObject({ fileName: "plügin.zip", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
  expect(readFileSync(upload.file?.path ?? "")).toEqual(Buffer.from(bytes));
  await upload.file?.cleanup();
  expect(leftovers()).toEqual([]);
});

it("reads an empty file input (no name, no bytes) as no file", async () => {
  const upload = await readMultipartUpload(post(formWith([["file", [new Uint8Array(0), ""]], ["version", "1.0.0"]])), { maxFileBytes: 1000, tempDir });
  expect(upload).toEqual({ fields: { version: "1.0.0" }, file: null });
});

it.each([
  ["a file over the limit", () => post(formWith([["file", [new Uint8Array(1001), "big.zip"]]])), 413, "FILE_TOO_LARGE"],
  ["a Content-Length far over the limit", () => post("x", { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(10 ** 9) }), 413, "FILE_TOO_LARGE"],
  ["a JSON body", () => post("{}", { "Content-Type": "application/json" }), 400, "UNSUPPORTED_CONTENT_TYPE"],
  ["two files", () => post(formWith([["file", [new Uint8Array(10), "a.zip"]], ["file", [new Uint8Array(10), "b.zip"]]])), 400, "TOO_MANY_FILES"],
  ["a file in another field", () => post(formWith([["zip", [new Uint8Array(10), "a.zip"]]])), 400, "UNEXPECTED_FILE"],
  ["a field over its limit", () => post(formWith([["file", [new Uint8Array(10), "a.zip"]], ["changelog", "x".repeat(65)]])), 400, "FIELD_TOO_LONG"],
  ["a field given twice", () => post(formWith([["version", "1"], ["version", "2"]])), 400, "INVALID_MULTIPART"],
  ["a body that ends mid-form", () => post("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.zip\"\r\n\r\nabc", { "Content-Type": "multipart/form-data; boundary=x" }), 400, "INVALID_MULTIPART"],
])("refuses %s (%i %s) and leaves no temp file", async (_what, request, status, code) => {
  expect(await refusal(request())).toEqual({ status, code });
});
