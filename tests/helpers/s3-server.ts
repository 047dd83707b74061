// A real S3-compatible server for the tests: s3rver (npm), in a child process on a random port with
// its files in a temp folder, the bucket created before it answers. A child keeps s3rver's logger
// and exception handlers out of the test process, and it exits when the test process goes away.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

export type S3TestServer = {
  /** `http://127.0.0.1:<port>` (path-style: the bucket is the first path segment). */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** "METHOD /path?query" of every request the server received so far. */
  requests(): string[];
  stop(): Promise<void>;
};

// s3rver's one account.
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

const CHILD = `
const S3rver = require("s3rver");
const [directory, bucket] = process.argv.slice(1);
const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
server.run().then((address) => {
  server.httpServer.on("request", (req) => console.log("REQUEST " + req.method + " " + req.url));
  console.log("LISTENING " + address.port);
}, (error) => { console.error(error); process.exit(1); });
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
`;

export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? "cp-store-test";
  const directory = await mkdtemp(path.join(tmpdir(), "cp-store-s3rver-"));
  const child = spawn(process.execPath, ["-e", CHILD, directory, bucket], {
    cwd: path.resolve(import.meta.dirname, "../.."), // resolves s3rver from the repository's node_modules
    stdio: ["pipe", "pipe", "pipe"],
  });
  const requests: string[] = [];
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start in 20 s: ${stderr}`)), 20_000);
    child.once("exit", (code) => reject(new Error(`s3rver exited (${code}) before listening: ${stderr}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("REQUEST ")) requests.push(line.slice("REQUEST ".length));
      const listening = /^LISTENING (\d+)$/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    });
  });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    ...CREDENTIALS,
    requests: () => [...requests],
    async stop() {
      if (child.exitCode === null) {
        child.stdin.end();
        child.kill();
      }
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
