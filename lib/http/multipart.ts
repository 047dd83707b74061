// File uploads (release zips of up to RELEASE_MAX_MB): a multipart/form-data body streamed through
// busboy, its one file written to a temp file while it is hashed and counted, its few short text
// fields kept. Memory stays at a few chunks whatever the file's size; a body past the limit is
// refused from its Content-Length, or cut off at the first chunk past it, and its temp file
// deleted. Like lib/http/read-body.ts for bounded bodies, this is the only reader of an upload's
// request body.
import busboy from "busboy";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { ReceivedFile } from "../releases/received-file";
import { ApiError, badRequest } from "./api-error";
import { declaredLength } from "./read-body";

export type MultipartOptions = {
  maxFileBytes: number;
  /** The form field that carries the file (default "file"); a file in any other field is refused. */
  fileField?: string;
  /** Text fields allowed (default 20) and the bytes of each (default 100 KiB). */
  maxFields?: number;
  maxFieldBytes?: number;
  /** Where the temp file goes (default the OS temp folder). */
  tempDir?: string;
};

export type MultipartUpload = { fields: Record<string, string>; file: ReceivedFile | null };

/** Part headers and boundaries around the file and the fields: generous, and still bounded. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const MIB = 1024 * 1024;

export const fileTooLarge = (maxFileBytes: number) =>
  new ApiError(
    413,
    "FILE_TOO_LARGE",
    maxFileBytes % MIB === 0
      ? `The file must be at most ${maxFileBytes / MIB} MB (${maxFileBytes} bytes)`
      : `The file must be at most ${maxFileBytes} bytes`,
  );

/**
 * Reads a multipart upload: at most one file (in `fileField`) of at most `maxFileBytes`, plus
 * text fields. 413 FILE_TOO_LARGE past the limit; 400 for a body that is not multipart/form-data,
 * a second file, a file in another field, too many or too long fields, or a malformed body. On
 * any error the temp file is gone; on success the caller owns it (call file.cleanup()). A file
 * input left empty in a browser form (no file name, no bytes) reads as `file: null`.
 */
export async function readMultipartUpload(request: Request, options: MultipartOptions): Promise<MultipartUpload> {
  const fileField = options.fileField ?? "file";
  const maxFields = options.maxFields ?? 20;
  const maxFieldBytes = options.maxFieldBytes ?? 100 * 1024;
  const maxBodyBytes = options.maxFileBytes + maxFields * maxFieldBytes + MULTIPART_OVERHEAD_BYTES;

  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw badRequest("UNSUPPORTED_CONTENT_TYPE", `Send the upload as multipart/form-data with the file in the "${fileField}" field`);
  }
  const declared = declaredLength(request.headers.get("content-length"));
  if (declared !== null && declared > maxBodyBytes) throw fileTooLarge(options.maxFileBytes);
  if (!request.body) throw badRequest("INVALID_MULTIPART", "The request has no body");

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: { files: 1, fields: maxFields, parts: maxFields + 1, fieldSize: maxFieldBytes, fieldNameSize: 100 },
    });
  } catch (error) {
    throw badRequest("INVALID_MULTIPART", error instanceof Error ? `Malformed multipart body: ${error.message}` : "Malformed multipart body");
  }
  const tempDir = options.tempDir ?? tmpdir();
  if (options.tempDir) await mkdir(tempDir, { recursive: true });
  const source = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);

  return new Promise<MultipartUpload>((resolve, reject) => {
    const fields = new Map<string, string>();
    const abort = new AbortController();
    let tempPath: string | null = null;
    let writing: Promise<void> | null = null;
    let received: Omit<ReceivedFile, "cleanup"> | null = null;
    let settled = false;

    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe();
      source.destroy();
      abort.abort();
      const refusal =
        error instanceof ApiError
          ? error
          : badRequest("INVALID_MULTIPART", error instanceof Error ? `Malformed multipart body: ${error.message}` : "Malformed multipart body");
      void (async () => {
        await writing?.catch(() => {});
        if (tempPath) await rm(tempPath, { force: true }).catch(() => {});
        reject(refusal);
      })();
    };

    let bodyBytes = 0;
    const bodyLimit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bodyBytes += chunk.length;
        if (bodyBytes > maxBodyBytes) callback(fileTooLarge(options.maxFileBytes));
        else callback(null, chunk);
      },
    });

    parser.on("file", (name, stream, info) => {
      if (settled) return void stream.resume();
      if (name !== fileField) {
        stream.resume();
        return fail(badRequest("UNEXPECTED_FILE", `Send the file in the "${fileField}" field, not "${name}"`));
      }
      const fileName = info.filename ? path.basename(info.filename) : "";
      if (!fileName) return void stream.resume(); // an empty file input: no file chosen
      const filePath = path.join(tempDir, `cp-upload-${randomUUID()}`);
      tempPath = filePath;
      const hash = createHash("sha256");
      let size = 0;
      const count = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > options.maxFileBytes) return callback(fileTooLarge(options.maxFileBytes));
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      writing = pipeline(stream, count, createWriteStream(filePath, { flags: "wx" }), { signal: abort.signal }).then(() => {
        received = { path: filePath, fileName, size, sha256: hash.digest("hex") };
      });
      writing.catch(fail);
    });
    parser.on("field", (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) {
        return fail(badRequest("FIELD_TOO_LONG", `The field "${name.slice(0, 100)}" must be at most ${maxFieldBytes} bytes`));
      }
      if (fields.has(name)) return fail(badRequest("INVALID_MULTIPART", `The field "${name}" was given more than once`));
      fields.set(name, value);
    });
    parser.on("filesLimit", () => fail(badRequest("TOO_MANY_FILES", "Send one file per upload")));
    parser.on("fieldsLimit", () => fail(badRequest("TOO_MANY_FIELDS", `Send at most ${maxFields} fields`)));
    parser.on("partsLimit", () => fail(badRequest("TOO_MANY_FIELDS", `Send at most ${maxFields} fields and one file`)));
    parser.on("error", fail);
    bodyLimit.on("error", fail);
    source.on("error", fail);
    parser.on("close", () => {
      void (async () => {
        try {
          await writing;
        } catch {
          return; // fail() has it
        }
        if (settled) return;
        settled = true;
        const done = received;
        resolve({
          fields: Object.fromEntries(fields),
          file: done && { ...done, cleanup: () => rm(done.path, { force: true }) },
        });
      })();
    });

    source.pipe(bodyLimit).pipe(parser);
  });
}
