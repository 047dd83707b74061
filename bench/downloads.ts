// Scenario (g): concurrent downloads of one large file, read and discarded by the client, timed
// from the first request to the last byte. Bounded in time: batches of `concurrency` downloads
// until `seconds` have passed (at least one batch).
import { request } from "node:http";

export type DownloadMeasurement = { mbPerSec: number; downloads: number; bytes: number; seconds: number; errors: number };

/** One GET, counting the body's bytes; an answer other than 200 with `size` bytes is an error. */
function downloadOnce(url: string, size: number): Promise<{ bytes: number; ok: boolean }> {
  return new Promise((resolve) => {
    const client = request(url, { agent: false }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => (bytes += chunk.length));
      response.on("end", () => resolve({ bytes, ok: response.statusCode === 200 && bytes === size }));
      response.on("error", () => resolve({ bytes, ok: false }));
    });
    client.on("error", () => resolve({ bytes: 0, ok: false }));
    client.end();
  });
}

export async function measureDownloads(url: string, size: number, concurrency: number, seconds: number): Promise<DownloadMeasurement> {
  const started = performance.now();
  let bytes = 0;
  let downloads = 0;
  let errors = 0;
  do {
    const batch = await Promise.all(Array.from({ length: concurrency }, () => downloadOnce(url, size)));
    for (const result of batch) {
      bytes += result.bytes;
      downloads += 1;
      if (!result.ok) errors += 1;
    }
  } while (performance.now() - started < seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  return { mbPerSec: bytes / 2 ** 20 / elapsed, downloads, bytes, seconds: elapsed, errors };
}

/** Sums rounds of one side. */
export function combineDownloads(rounds: DownloadMeasurement[]): DownloadMeasurement {
  const sum = (pick: (m: DownloadMeasurement) => number) => rounds.reduce((total, m) => total + pick(m), 0);
  const bytes = sum((m) => m.bytes);
  const seconds = sum((m) => m.seconds);
  return { mbPerSec: bytes / 2 ** 20 / seconds, downloads: sum((m) => m.downloads), bytes, seconds, errors: sum((m) => m.errors) };
}
