/**
 * Set by server/main.ts from the TCP socket on every request (any value a client sent is
 * overwritten), so route handlers know the real peer address. Absent when the app runs under
 * plain `next start`; then only a trusted proxy's X-Forwarded-For can name the client.
 */
export const SOCKET_ADDRESS_HEADER = "x-cp-socket-address";
