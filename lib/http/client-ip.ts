import { getEnv } from "../env";
import { clientIpFromRequest } from "../licenses/environment";
import { SOCKET_ADDRESS_HEADER, trustedSocketAddress } from "./socket-address";

type HeaderSource = { get(name: string): string | null } | Record<string, unknown> | undefined;

function read(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as { get?: unknown }).get === "function") return (headers as { get(n: string): string | null }).get(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : Array.isArray(value) ? value.join(",") : null;
}

/**
 * The client's IP for throttling and activation: the socket address our server recorded, or a
 * trusted proxy's X-Forwarded-For entry when TRUST_PROXY_HOPS says how many proxies to trust.
 * "unknown" only when neither exists (plain `next start` with no proxy settings).
 */
export function clientIpFromHeaders(headers: HeaderSource): string {
  const ip = clientIpFromRequest({
    socketAddress: trustedSocketAddress(read(headers, SOCKET_ADDRESS_HEADER)),
    forwardedFor: read(headers, "x-forwarded-for"),
    trustProxy: getEnv().TRUST_PROXY_HOPS,
  });
  return ip?.value ?? "unknown";
}
