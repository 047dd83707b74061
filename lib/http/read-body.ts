// The one way a route handler reads a request body: bounded while it streams. A declared
// Content-Length over the limit is refused before a byte is read; a body that turns out longer
// (chunked, or a lying header) is cut off at the first chunk past the limit. Memory stays at most
// `maxBytes` plus one chunk whatever the client sends. (ESLint forbids request.text(), .json(),
// .arrayBuffer(), .formData() and .blob() elsewhere: they read without a bound.)
import { ApiError } from "./api-error";

export const bodyTooLarge = (maxBytes: number) =>
  new ApiError(413, "BODY_TOO_LARGE", `The request body must be at most ${maxBytes} bytes`);

/** The declared length, or null when the header is absent; a malformed header counts as too large. */
export function declaredLength(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  return /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : Number.POSITIVE_INFINITY;
}

/** The body's bytes, at most `maxBytes`; throws a 413 ApiError (BODY_TOO_LARGE) for anything longer. */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = declaredLength(request.headers.get("content-length"));
  if (declared !== null && declared > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The body as UTF-8 text, bounded like readBodyWithin. */
export async function readTextWithin(request: Request, maxBytes: number): Promise<string> {
  return Buffer.from(await readBodyWithin(request, maxBytes)).toString("utf8");
}
