// The request id: one per request, returned as X-Request-Id on every answer, passed to Next.js
// in the request's headers, written in the request's log line and quoted in 500 answers, so a
// customer's "reference …" leads to the line. A load balancer's id is kept, so its logs and ours
// name the same request; anything else a client sends there is replaced, never logged as it is.
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/** What an incoming id may look like: a UUID, a hex or base64url id of 8 to 64 characters. */
const WELL_FORMED = /^[A-Za-z0-9._-]{8,64}$/;

/** The incoming X-Request-Id when well-formed (one value), else a new random one. */
export function requestIdFrom(incoming: string | string[] | null | undefined): string {
  return typeof incoming === "string" && WELL_FORMED.test(incoming) ? incoming : randomUUID();
}
