// Scenario (e), the machine's floor: a bare node:http server answering the same Verify request
// with one prepared-statement key lookup and nothing else (no rules, no signing, no limits).
import Database from "better-sqlite3";
import { createServer, type IncomingMessage } from "node:http";
import pg from "pg";
import { parseDatabaseUrl } from "../lib/db/url";

const target = parseDatabaseUrl(process.env.DATABASE_URL);
const port = Number(process.env.PORT ?? 3901);
const SQL = `SELECT "id", "maxActivations", "activationsUsed", "expiresAt", "revokedAt" FROM "License" WHERE "key" = `;

type Row = { id: string; maxActivations: number; activationsUsed: number; expiresAt: unknown; revokedAt: unknown };
let lookup: (key: string) => Promise<Row | undefined>;
if (target.provider === "sqlite") {
  const statement = new Database(target.file, { readonly: true }).prepare(`${SQL}?`);
  lookup = async (key) => statement.get(key) as Row | undefined;
} else {
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  lookup = async (key) => (await pool.query<Row>({ name: "lookup", text: `${SQL}$1`, values: [key] })).rows[0];
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk));
    request.on("end", () => resolve(text));
  });
}

createServer(async (request, response) => {
  const { key } = JSON.parse((await body(request)) || "{}") as { key?: string };
  const row = key ? await lookup(key) : undefined;
  response.writeHead(200, { "Content-Type": "application/json" });
  response.end(JSON.stringify({ valid: Boolean(row && !row.revokedAt), activations: row ? { used: row.activationsUsed, max: row.maxActivations } : null }));
}).listen(port, "127.0.0.1", () => console.log(`floor server on ${port}`));
