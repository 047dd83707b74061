// An HTTP proxy in front of the store that misbehaves on command, so a client's handling of a
// broken network or a forged answer can be tested against the real store: connections refused or
// left hanging, a 503 from "the load balancer", a body changed under its signature, and
// X-CP-Signature headers missing, garbled, too short, doubled or made with another key.
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyResponse = { status: number; headers: Record<string, string | string[]>; body: Buffer };
export type FaultMode =
  | "pass"
  | "refuse"
  | "hang"
  | "status-503"
  | "tamper-body"
  | "signature-missing"
  | "signature-garbage"
  | "signature-short"
  | "signature-double"
  | "signature-wrong-key";
export type ProxyTransform = (response: ProxyResponse, request: { method: string; path: string }) => ProxyResponse;

export type FaultProxy = {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Applies to requests that arrive from now on. */
  setMode(mode: FaultMode): void;
  /** A custom rewrite of the store's answer; wins over the mode (null removes it). */
  setTransform(fn: ProxyTransform | null): void;
  /** Every request received, in order (refused and hanging ones included). */
  requests(): { method: string; path: string; at: number }[];
  clearRequests(): void;
  stop(): Promise<void>;
};

const SIGNATURE = "x-cp-signature";
/** Headers about this connection, not the answer: Node sets its own. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade", "te", "trailer"]);

/** The whole of a request or an answer, buffered. */
export function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** The request as it came, sent on to the target with Host rewritten; the answer buffered. */
function forward(target: URL, incoming: IncomingMessage, body: Buffer): Promise<ProxyResponse> {
  const headers: OutgoingHttpHeaders = { ...incoming.headers, host: target.host };
  for (const name of HOP_BY_HOP) delete headers[name];
  if (body.length > 0 || !["GET", "HEAD"].includes(incoming.method ?? "GET")) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers, agent: false },
      (answer) => {
        readAll(answer).then((answerBody) => {
          const answerHeaders: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) {
            if (value !== undefined && !HOP_BY_HOP.has(name)) answerHeaders[name] = value;
          }
          resolve({ status: answer.statusCode ?? 502, headers: answerHeaders, body: answerBody });
        }, reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

function withHeader(response: ProxyResponse, name: string, value: string | string[] | undefined): ProxyResponse {
  const headers = { ...response.headers };
  delete headers[name];
  if (value !== undefined) headers[name] = value;
  return { ...response, headers };
}

/** JSON keeps parsing but says what a forger would want; anything else loses one bit. */
function tamper(body: Buffer): Buffer {
  const text = body.toString("utf8");
  const forged = text.replace(/"valid"\s*:\s*false/g, '"valid":true ').replace(/"code"\s*:\s*"[^"]*"/g, '"code":"VALID"');
  if (forged !== text) return Buffer.from(forged, "utf8");
  const flipped = Buffer.from(body.length > 0 ? body : Buffer.from(" "));
  const at = Math.floor(flipped.length / 2);
  flipped[at] = (flipped[at] ?? 0) ^ 0x01;
  return flipped;
}

function applyMode(mode: FaultMode, response: ProxyResponse, wrongKey: ReturnType<typeof generateKeyPairSync>["privateKey"]): ProxyResponse {
  const signature = response.headers[SIGNATURE];
  const original = Array.isArray(signature) ? signature[0] : signature;
  switch (mode) {
    case "tamper-body":
      return { ...response, body: tamper(response.body) };
    case "signature-missing":
      return withHeader(response, SIGNATURE, undefined);
    case "signature-garbage":
      return withHeader(response, SIGNATURE, "%%%not base64%%%");
    case "signature-short":
      return withHeader(response, SIGNATURE, randomBytes(10).toString("base64"));
    case "signature-double": {
      const value = original ?? randomBytes(64).toString("base64");
      return withHeader(response, SIGNATURE, [value, value]);
    }
    case "signature-wrong-key":
      return withHeader(response, SIGNATURE, sign(null, response.body, wrongKey).toString("base64"));
    default:
      return response;
  }
}

/**
 * Starts the proxy on 127.0.0.1 in front of `targetUrl` (http only): on `port` when given (a test
 * that must know the proxy's address before the store starts, to make it the store's public URL),
 * else on a free one.
 */
export async function startFaultProxy(targetUrl: string, options: { port?: number } = {}): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const { privateKey } = generateKeyPairSync("ed25519"); // signs well-formed signatures the client must reject
  let mode: FaultMode = "pass";
  let transform: ProxyTransform | null = null;
  let log: { method: string; path: string; at: number }[] = [];

  const server = createServer((incoming, outgoing) => {
    const request = { method: incoming.method ?? "GET", path: incoming.url ?? "/" };
    log.push({ ...request, at: Date.now() });
    const current = { mode, transform };
    if (!current.transform && current.mode === "refuse") return void incoming.socket.destroy();
    if (!current.transform && current.mode === "hang") return; // answered never; stop() closes it
    if (!current.transform && current.mode === "status-503") {
      outgoing.writeHead(503, { "content-type": "text/html; charset=utf-8", "retry-after": "30" });
      return void outgoing.end("<html><body><h1>503 Service Unavailable</h1></body></html>\n");
    }
    readAll(incoming)
      .then((body) => forward(target, incoming, body))
      .then((answer) => {
        const sent = current.transform ? current.transform(answer, request) : applyMode(current.mode, answer, privateKey);
        outgoing.writeHead(sent.status, { ...sent.headers, "content-length": String(sent.body.length) });
        outgoing.end(sent.body);
      })
      .catch((error: Error) => {
        if (outgoing.headersSent) return void outgoing.destroy();
        outgoing.writeHead(502, { "content-type": "text/plain" });
        outgoing.end(`fault proxy: ${target.host} failed: ${error.message}\n`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setMode: (next) => void (mode = next),
    setTransform: (fn) => void (transform = fn),
    requests: () => [...log],
    clearRequests: () => void (log = []),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // hanging requests included
      }),
  };
}
