// COPY … FROM STDIN through node-postgres, which has no COPY API of its own: a "submittable" (pg's
// hook for custom protocol flows, the one pg-copy-streams uses) that sends one batch of rows in
// COPY's text format. Several times faster than INSERT … SELECT unnest() for millions of rows.
import type pg from "pg";

/** The parts of pg's Connection a COPY uses (not in @types/pg). */
type CopyConnection = { query(text: string): void; sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void };

/** A value in COPY's text format: \N for null, backslash escapes for the characters it reserves. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  // Prisma's timestamp(3) holds UTC wall-clock time: an ISO string's zone is dropped on input.
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "t" : "f";
  return String(value).replace(/[\\\t\n\r]/g, (ch) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[ch] ?? ch);
}

class CopyIn {
  private error: Error | undefined;
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (error?: Error) => void,
  ) {}
  submit(connection: unknown) {
    (connection as CopyConnection).query(this.text);
  }
  handleCopyInResponse(connection: unknown) {
    (connection as CopyConnection).sendCopyFromChunk(this.data);
    (connection as CopyConnection).endCopyFrom();
  }
  handleCommandComplete() {}
  handleError(error: Error) {
    this.error = error;
  }
  handleReadyForQuery() {
    this.done(this.error);
  }
}

/** Copies `rows` (values in `columns` order) into `table`, in the client's current transaction. */
export function copyRows(client: pg.Client, table: string, columns: string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const data = Buffer.from(rows.map((row) => row.map(copyText).join("\t")).join("\n") + "\n");
  const text = `COPY "${table}" (${columns.map((c) => `"${c}"`).join(",")}) FROM STDIN`;
  return new Promise((resolve, reject) => {
    client.query(new CopyIn(text, data, (error) => (error ? reject(error) : resolve())) as unknown as pg.Submittable);
  });
}
