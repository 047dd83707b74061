// Storage keys are relative paths the store makes up itself (releases/<product>/<release>/<file>),
// checked once here for both drivers: a key that could climb out of the local directory, or mean
// something else to S3, is a bug to stop, not a path to follow.
const SEGMENT = /^[A-Za-z0-9._-]+$/;

export class StorageKeyError extends Error {}

/** The key's segments; throws StorageKeyError for anything but `/`-joined safe segments. */
export function storageKeySegments(key: string): string[] {
  const segments = key.split("/");
  const safe = key.length <= 1024 && segments.every((segment) => SEGMENT.test(segment) && segment !== "." && segment !== "..");
  if (!safe) throw new StorageKeyError(`Unsafe storage key: ${JSON.stringify(key.slice(0, 200))}`);
  return segments;
}
