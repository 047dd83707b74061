// The reference for scenario (g): a bare node:http server streaming one file with
// fs.createReadStream, with no routing, checks, records or headers beyond Content-Length.
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { pipeline } from "node:stream/promises";

const file = process.env.FILE ?? "";
const port = Number(process.env.PORT ?? 3902);
const size = statSync(file).size;

createServer((request, response) => {
  response.writeHead(200, { "Content-Type": "application/zip", "Content-Length": size });
  pipeline(createReadStream(file), response).catch(() => undefined);
}).listen(port, "127.0.0.1", () => console.log(`file server on ${port}`));
