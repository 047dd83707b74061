/**
 * Set by server/main.ts from the TCP socket on every request (any value a client sent is
 * overwritten), so route handlers know the real peer address. Under plain `next start` nobody
 * overwrites it, so it is trusted only when server/main.ts is serving (same process).
 */
export const SOCKET_ADDRESS_HEADER = "x-cp-socket-address";

const SERVING = Symbol.for("cp-store.socket-address-header");

/** Called by server/main.ts before it serves. */
export function markSocketAddressHeaderTrusted(): void {
  (globalThis as Record<symbol, unknown>)[SERVING] = true;
}

/** The socket address our server recorded, or null when it cannot be trusted. */
export function trustedSocketAddress(value: string | null | undefined): string | null {
  return (globalThis as Record<symbol, unknown>)[SERVING] === true && value ? value : null;
}
