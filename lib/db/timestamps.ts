// Timestamps read back from opaque cursors. A cursor is user input: JavaScript's Date accepts
// years up to 275760, which PostgreSQL refuses (a 500 instead of "invalid cursor").

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The date of a timestamp written by Date#toISOString for years 0000-9999 (the only form the app
 * puts in a cursor, and one both databases store), or null for anything else.
 */
export function parseIsoTimestamp(value: unknown): Date | null {
  if (typeof value !== "string" || !ISO_TIMESTAMP.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.toISOString() !== value ? null : date;
}
