// Requests fetch() cannot make: bodies that never end, and Content-Length headers that promise
// more than is sent. A server that reads a whole body before checking its size never answers them;
// one that bounds it answers at once.
import { request as httpRequest } from "node:http";

export type RawAnswer = { status: number; headers: Record<string, string | string[] | undefined>; text: string; sentBytes: number };

/** Gives up on a body once this much is sent without an answer: the server was reading it all. */
export const ENDLESS_BODY_GIVE_UP_BYTES = 64 * 1024 * 1024;

function collect(response: import("node:http").IncomingMessage): Promise<{ text: string }> {
  return new Promise((resolve) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (text += chunk));
    response.on("end", () => resolve({ text }));
    response.on("error", () => resolve({ text })); // the server closed the connection after answering
  });
}

/**
 * POSTs an endless chunked body of 64 KiB chunks until the server answers, then stops. Rejects if
 * ENDLESS_BODY_GIVE_UP_BYTES went out with no answer. `sentBytes` says how much was written
 * (socket buffers hold a few MiB that the server never read).
 */
export function postEndless(url: string, headers: Record<string, string> = {}, method = "POST"): Promise<RawAnswer> {
  const chunk = Buffer.alloc(64 * 1024, "x");
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const request = httpRequest(url, { method, headers: { "Content-Type": "application/json", ...headers, "Transfer-Encoding": "chunked" } }, (response) => {
      answered = true;
      void collect(response).then(({ text }) => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, sentBytes });
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered) {
        if (sentBytes >= ENDLESS_BODY_GIVE_UP_BYTES) {
          request.destroy();
          return reject(new Error(`${url}: no answer after ${sentBytes} bytes: the server reads the whole body`));
        }
        sentBytes += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
    };
    pump();
  });
}

/** Sends headers declaring `contentLength` bytes and then nothing: only an up-front check answers. */
export function postDeclaringLength(url: string, contentLength: number, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: "POST", headers: { "Content-Type": "application/json", ...headers, "Content-Length": String(contentLength) } },
      (response) => {
        void collect(response).then(({ text }) => {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, sentBytes: 0 });
        });
      },
    );
    request.on("error", reject);
    request.flushHeaders();
  });
}

/**
 * One request with the path sent exactly as given: fetch() would resolve `./` and `%2e` segments
 * before sending, which is what a hostile client need not do.
 */
export function requestRawPath(
  baseUrl: string,
  rawPath: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers, ...(init.body !== undefined ? { "Content-Length": String(Buffer.byteLength(init.body)) } : {}) };
    const request = httpRequest({ host: hostname, port, path: rawPath, method: init.method ?? "GET", headers }, (response) => {
      void collect(response).then(({ text }) => resolve({ status: response.statusCode ?? 0, headers: response.headers, text, sentBytes: 0 }));
    });
    request.on("error", reject);
    request.end(init.body);
  });
}
