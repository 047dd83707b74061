// The server's response class: the connection handling every answer needs, and what the access
// log line is made of. One class, not a wrapper or closures per request: Verify's hot path
// allocates nothing for either.
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { performance } from "node:perf_hooks";
import { logger } from "../lib/observability/logger";
import { observeLicenseApi, type LicenseApiRoute } from "../lib/observability/metrics";
import { loggableRoute } from "../lib/observability/request-log";

/** How long a connection whose request body was not read lingers after the answer. */
const LINGER_MS = 1000;

/**
 * An answer sent before the request's body has arrived (a 413, a 401 that never read it) ends the
 * connection, as Go's and nginx's servers do: the rest of the body is never read, and the client is
 * told (Connection: close) not to send its next request on this connection. The connection lingers
 * for a moment after the answer: closing a socket with unread data resets it, and a client still
 * sending would lose the answer. (Next.js destroys a request whose body it stopped reading, which
 * would otherwise leave the socket open, full and unread.)
 */
export class StoreResponse extends ServerResponse<IncomingMessage> {
  /** performance.now() when the request arrived. */
  startedAt = performance.now();
  requestId = "";
  /** The route the log line names: a lean route's pattern, else the path with secrets masked. */
  route: string | undefined = undefined;
  /** The license API route the latency histogram counts this answer under, if it is one. */
  apiRoute: LicenseApiRoute | undefined = undefined;

  override writeHead(statusCode: number, ...rest: unknown[]): this {
    const socket = this.socket;
    if (!this.req.complete && !this.headersSent && socket) {
      this.setHeader("Connection", "close");
      // Node.js ends a Connection: close answer with destroySoon(): finish writing, then close.
      socket.destroySoon = () => {
        socket.end();
        socket.resume();
        setTimeout(() => socket.destroy(), LINGER_MS).unref();
      };
    }
    return super.writeHead(statusCode, ...(rest as [string, OutgoingHttpHeaders]));
  }
}

// Created on first use, in the server process only (the Proxy resolves the real logger once here,
// so the hot path calls pino directly).
let accessLog: ReturnType<typeof logger.child> | undefined;

/**
 * The answer is done ('close': sent, or the client went away first): one log line, and the
 * license API's latency. A shared function with `this`, registered per response without a closure.
 */
export function finishRequest(this: StoreResponse): void {
  const ms = performance.now() - this.startedAt;
  const aborted = !this.writableFinished;
  const status = this.headersSent ? this.statusCode : null;
  if (this.apiRoute && status !== null) observeLicenseApi(this.apiRoute, status, ms / 1000);
  // Without the logger's redaction: these fields are the server's own (a masked route, a checked
  // id), and the wildcard paths would double the line's cost (about 11 against 5 µs here).
  accessLog ??= logger.child({ component: "http" }, { redact: [] });
  if (!accessLog.isLevelEnabled("info")) return;
  const line = {
    method: this.req.method,
    route: this.route ?? loggableRoute((this.req.url ?? "/").split("?", 1)[0] ?? "/"),
    status,
    ms: Math.round(ms * 100) / 100,
    requestId: this.requestId,
    aborted: aborted || undefined,
  };
  accessLog.info(line, "request");
}
