// A load-balancer drain: two real store instances on one PostgreSQL database behind a round-robin
// proxy that retries another instance when a connection is refused or reset before any answer
// (nginx's `proxy_next_upstream error`). Clients keep Verify going through it while one instance
// gets SIGTERM in the middle of the load: every request gets a valid answer, a slow download held
// open on the stopping instance completes, a readiness probe on an open connection answers 503
// draining, the email that instance had claimed goes out from the other one, and it exits 0.
import { createHash } from "node:crypto";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { createConnection, createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueEmail } from "../../../lib/email/outbox";
import { issueTestLicense, unique } from "../../helpers/factories";
import { callApi } from "../../helpers/license-api-server";
import { startLoadBalancer, TEST_UPSTREAM_HEADER, type LoadBalancer } from "../../helpers/load-balancer";
import { publishTestRelease, sha256Hex } from "../../helpers/releases";
import { startTestSmtpServer, type TestSmtpServer } from "../../helpers/smtp";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { openTestDatabase, postgresSkipReason, type TestDatabase } from "../../helpers/test-databases";

/**
 * The issue lets requests in flight finish for up to 10 s after SIGTERM; the stopping instance here
 * waits that long for its hung SMTP send before giving the claim back, then closes its pools. 15 s
 * is that with a generous margin for a loaded 2-core machine; the bound is the issue's, not speed.
 */
const EXIT_WITHIN_MS = 15_000;
/** Bigger than every socket buffer between the server and the client, so the download is truly in flight. */
const DOWNLOAD_BYTES = 64 * 1024 * 1024;
const VERIFY_CLIENTS = 4;

/** An SMTP server that greets and then never answers: a send to it hangs (for nodemailer's 30 s). */
async function startHungSmtp(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<import("node:net").Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket)).on("error", () => undefined);
    socket.write("220 hung.test ESMTP\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as import("node:net").AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type VerifyOutcome = { status: number; code?: string; error?: string };

/** Clients sending Verify through the balancer, one after another each, until stopped. */
function startVerifyLoad(balancer: LoadBalancer, key: string) {
  const outcomes: VerifyOutcome[] = [];
  let running = true;
  const client = async () => {
    while (running) {
      try {
        const response = await fetch(`${balancer.url}/api/v1/licenses/verify`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ key, domain: "drain.example.com" }),
        });
        const text = await response.text();
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { code?: string }).code;
        } catch {
          code = undefined;
        }
        outcomes.push({ status: response.status, code });
      } catch (error) {
        outcomes.push({ status: 0, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  const clients = Array.from({ length: VERIFY_CLIENTS }, client);
  return {
    outcomes,
    count: () => outcomes.length,
    stop: async () => {
      running = false;
      await Promise.all(clients);
      return outcomes;
    },
  };
}

/** A GET through the balancer whose body is not read until `read()`: the server is left waiting. */
function heldDownload(balancer: LoadBalancer, path: string, upstream: number) {
  return new Promise<{ response: IncomingMessage; read(): Promise<Buffer> }>((resolve, reject) => {
    const request = httpRequest(`${balancer.url}${path}`, { headers: { [TEST_UPSTREAM_HEADER]: String(upstream) } }, (response) => {
      response.pause();
      resolve({
        response,
        read: () =>
          new Promise((done, fail) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => done(Buffer.concat(chunks)));
            response.on("error", fail);
            response.resume();
          }),
      });
    });
    request.on("error", reject);
    request.end();
  });
}

/**
 * A readiness probe whose request line is sent now and whose headers are finished by `finish()`:
 * a connection with a request begun is busy, so the drain lets it complete.
 */
async function begunProbe(server: StoreServer) {
  const { port } = new URL(server.url);
  const socket = createConnection({ host: "127.0.0.1", port: Number(port) });
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  socket.write("GET /api/health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  let text = "";
  socket.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    finish: async () => {
      socket.write("\r\n");
      await closed; // the answer says Connection: close, and the server closes it
      return text;
    },
  };
}

const until = async (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) => {
  for (let waited = 0; !(await condition()); waited += 50) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const skipped = (await postgresSkipReason()) !== null;

describe.skipIf(skipped)("SIGTERM to one of two instances behind a load balancer, under load", () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let hungSmtp: Awaited<ReturnType<typeof startHungSmtp>>;
  let stopping: StoreServer;
  let staying: StoreServer;
  let balancer: LoadBalancer;
  let emailId: string;

  beforeAll(async () => {
    database = await openTestDatabase("postgresql");
    smtp = await startTestSmtpServer();
    hungSmtp = await startHungSmtp();
    // The instance to be stopped sends to an SMTP server that never answers, so the message it
    // claims is still claimed (mid-send) when it stops.
    stopping = await startStoreServer({ databaseUrl: database.url, env: { SMTP_URL: hungSmtp.url, EMAIL_FROM: "store@example.com", EMAIL_POLL_MS: 200 } });
    emailId = await queueEmail(database.db, { to: `drain-${unique()}@example.org`, content: { kind: "license_revoked", reason: null, licenses: [{ id: "l1", productName: "Drain", maskedKey: "CP-*****-AAAAA" }] } });
    await until(async () => (await database.db.emailMessage.findUniqueOrThrow({ where: { id: emailId } })).claimedBy !== null, "the first instance to claim the email");
    // Started after the claim: its lease keeps the message from this one until it is given back.
    staying = await startStoreServer({ databaseUrl: database.url, env: { SMTP_URL: smtp.url, EMAIL_FROM: "store@example.com", EMAIL_POLL_MS: 300 } });
    balancer = await startLoadBalancer([stopping.url, staying.url]);
  });
  afterAll(async () => {
    await balancer?.close();
    await staying?.stop();
    await stopping?.stop();
    await hungSmtp?.close();
    await smtp?.close();
    await database?.close();
  });

  it("loses no request, completes the download in flight, hands the claimed email to the other instance, and exits 0", async () => {
    const { license, product: base } = await issueTestLicense(database.db, { maxActivations: 0 });
    const product = await database.db.product.update({ where: { id: base.id }, data: { packageSlug: `pkg-${unique()}` } });
    const bytes = Buffer.alloc(DOWNLOAD_BYTES, 7);
    bytes.write(`release ${unique()}`);
    await publishTestRelease(database.db, { product, version: "1.0.0", bytes });
    const update = await callApi<{ download_url?: string }>(balancer, `/api/v1/updates/${product.slug}?license_key=${license.key}&domain=drain.example.com`);
    const downloadPath = new URL(update.json.download_url ?? "").pathname;
    expect(downloadPath).toMatch(/^\/api\/v1\/downloads\//);

    // Held open on the instance about to stop: headers sent, most of the file still to go.
    const download = await heldDownload(balancer, downloadPath, 0);
    expect(download.response.statusCode).toBe(200);

    const probe = await begunProbe(stopping);
    const load = startVerifyLoad(balancer, license.key);
    await until(() => load.count() >= 50, "load to get going");
    const answeredBefore = balancer.answered();

    const signalledAt = performance.now();
    process.kill(stopping.pid, "SIGTERM");
    const exit = stopping.exited.then((result) => ({ ...result, ms: performance.now() - signalledAt }));
    await until(() => stopping.stdout().includes("stopping: draining requests in flight"), "the instance to begin its drain");

    // A readiness probe arriving on an open connection now learns the instance is going away.
    const probed = await probe.finish();
    expect(probed).toMatch(/^HTTP\/1\.1 503 /);
    expect(probed).toMatch(/^connection: close\r$/im);
    expect(probed).toContain('{"status":"draining"');

    // The stopping instance still finishes the download it had begun.
    const received = await download.read();
    expect(received.length).toBe(DOWNLOAD_BYTES);
    expect(sha256Hex(received)).toBe(createHash("sha256").update(bytes).digest("hex"));

    const countAtSignal = load.count();
    await until(() => load.count() >= countAtSignal + 200, "load to go on after the signal");
    const exited = await exit;
    const afterExit = load.count();
    await until(() => load.count() >= afterExit + 50, "load to go on after the exit");
    const outcomes = await load.stop();

    expect(exited).toMatchObject({ code: 0, signal: null });
    expect(exited.ms).toBeLessThan(EXIT_WITHIN_MS);
    // Every Verify got its real answer: no 502, no connection error, no 5xx.
    const bad = outcomes.filter((outcome) => outcome.status !== 200 || outcome.code !== "VALID");
    expect(bad).toEqual([]);
    expect(balancer.failures()).toBe(0);
    // Both instances served before the signal; the other one served everything after it.
    expect(answeredBefore.every((count) => count > 0)).toBe(true);
    expect(balancer.answered()[1]!).toBeGreaterThan(answeredBefore[1]! + 200);

    // The claim came back to the outbox and the other instance sent the message, once.
    const [mail] = await smtp.waitFor((message) => message.messageId === `<${emailId}@cp-store>`, { timeoutMs: 30_000 });
    expect(mail).toBeDefined();
    expect(smtp.received.filter((message) => message.messageId === `<${emailId}@cp-store>`)).toHaveLength(1);
    // The SMTP server has the message a moment before the sender records it as sent.
    const message = () => database.db.emailMessage.findUniqueOrThrow({ where: { id: emailId } });
    await until(async () => (await message()).status !== "sending", "the other instance to record the message as sent");
    expect(await message()).toMatchObject({ status: "sent", attempts: 1 });

    const log = stopping.stdout();
    expect(log).toContain("released 1 unsent message(s) to other instances");
    expect(log).toMatch(/"msg":"stopped"/);
  });
});
