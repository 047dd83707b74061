// How release facts read to people, the same in Admin and Account: sizes and short hashes.

const UNITS = ["KB", "MB", "GB"] as const;

/** "812 bytes", "14.2 KB", "3.5 MB" (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString("en-US")} ${bytes === 1 ? "byte" : "bytes"}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 1 : 0 })} ${UNITS[unit]}`;
}

/** The first 12 hex digits of a SHA-256: enough to tell files apart at a glance. */
export const shortSha256 = (sha256: string): string => sha256.slice(0, 12);
