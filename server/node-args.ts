// How the server process is started, shared by `npm start` and `npm run bench` so the benchmark
// measures exactly what runs in production.

/**
 * Node flags for server/main.ts: TypeScript through tsx's loader, and a capped old generation.
 * Without the cap V8 lets the heap grow to ~450 MB under load before collecting; with it the
 * server stays near 280 MB at the same throughput (measured with the benchmark's scenarios).
 */
export function serverNodeArgs(heapMb: number, dev = false): string[] {
  return [`--max-old-space-size=${heapMb}`, "--import", "tsx", "server/main.ts", ...(dev ? ["--dev"] : [])];
}
