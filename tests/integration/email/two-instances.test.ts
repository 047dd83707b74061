// Several instances share one outbox: each message leaves exactly once, whoever claims it.
// PostgreSQL: two real app processes (server/main.ts, each with its own sender) on one database
// and one SMTP server drain 500 messages queued in one transaction. SQLite: two senders in one
// process, each with its own client of the same file (the write turn and SQLite's lock).
import type { Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db";
import { queueEmail } from "../../../lib/email/outbox";
import { startEmailSender } from "../../../lib/email/sender";
import { createSmtpTransport } from "../../../lib/email/transport";
import { unique } from "../../helpers/factories";
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from "../../helpers/smtp";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { openTestDatabase, postgresSkipReason, type TestDatabase } from "../../helpers/test-databases";

const skipPostgres = await postgresSkipReason();

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(() => smtp.close());

/** Queues `count` messages with distinct subjects in one transaction; returns their ids and the batch's tag. */
async function queueMany(db: Db, count: number) {
  const batch = unique();
  const ids = await db.$transaction(
    async (tx) => {
      const queued: string[] = [];
      for (let i = 0; i < count; i++) {
        queued.push(
          await queueEmail(tx, {
            to: `drain-${batch}-${i % 7}@example.org`,
            content: { kind: "license_revoked", reason: null, licenses: [{ id: `l${i}`, productName: `Drain ${batch} #${i}`, maskedKey: "CP-*****-AAAAA" }] },
          }),
        );
      }
      return queued;
    },
    { timeout: 60_000 },
  );
  return { ids, batch, ofBatch: (mail: ReceivedMail) => mail.subject.includes(`Drain ${batch} #`) };
}

/** Every message of the batch arrived exactly once (by Message-ID and by subject), and every row is sent. */
async function expectDeliveredOnce(db: Db, queued: Awaited<ReturnType<typeof queueMany>>) {
  const mails = smtp.received.filter(queued.ofBatch);
  const count = (values: (string | undefined)[]) => values.reduce((m, v) => m.set(String(v), (m.get(String(v)) ?? 0) + 1), new Map<string, number>());
  const byId = count(mails.map((mail) => mail.messageId));
  expect(mails).toHaveLength(queued.ids.length);
  expect([...byId.keys()].sort()).toEqual(queued.ids.map((id) => `<${id}@cp-store>`).sort());
  expect([...byId.values()].every((n) => n === 1)).toBe(true);
  expect(new Set(mails.map((mail) => mail.subject)).size).toBe(queued.ids.length);
  expect(await db.emailMessage.groupBy({ by: ["status"], where: { id: { in: queued.ids } }, _count: true })).toEqual([{ status: "sent", _count: queued.ids.length }]);
  expect(await db.emailMessage.count({ where: { id: { in: queued.ids }, attempts: { not: 1 } } })).toBe(0);
}

/** Samples who holds claims while the batch drains: the evidence that both instances took part. */
function watchClaims(db: Db, ids: string[]) {
  const seen = new Set<string>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await db.emailMessage.findMany({ where: { id: { in: ids }, claimedBy: { not: null } }, select: { claimedBy: true }, distinct: ["claimedBy"] });
      for (const row of rows) if (row.claimedBy) seen.add(row.claimedBy);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return seen;
  };
}

describe.skipIf(skipPostgres !== null)(`two app instances on one PostgreSQL database${skipPostgres ? ` (skipped: PostgreSQL unreachable: ${skipPostgres})` : ""}`, () => {
  let database: TestDatabase | undefined;
  const servers: StoreServer[] = [];
  beforeAll(async () => {
    database = await openTestDatabase("postgresql");
    const env = { SMTP_URL: smtp.url, EMAIL_POLL_MS: 100 };
    servers.push(...(await Promise.all([startStoreServer({ databaseUrl: database.url, env }), startStoreServer({ databaseUrl: database.url, env })])));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.close();
  });

  it("drain 500 queued messages between them: each delivered exactly once, every row sent, both instances claiming", async () => {
    const db = database!.db;
    const started = Date.now();
    const queued = await queueMany(db, 500);
    const queuedMs = Date.now() - started;
    const stopWatching = watchClaims(db, queued.ids);
    await smtp.waitFor(queued.ofBatch, { count: 500, timeoutMs: 120_000 });
    const drainedMs = Date.now() - started;
    const claimants = await stopWatching();
    await new Promise((resolve) => setTimeout(resolve, 500)); // a second copy would arrive now
    await expectDeliveredOnce(db, queued);
    const pids = new Set([...claimants].map((id) => id.split(":")[1]));
    console.info(`two instances drained 500 messages: queued (rendered) in ${queuedMs} ms, all delivered ${drainedMs - queuedMs} ms after the commit; claimants seen: ${[...claimants].join(", ")}`);
    expect(pids).toEqual(new Set(servers.map((server) => String(server.pid))));
    for (const server of servers) expect(server.stdout() + server.stderr()).not.toMatch(/sender pass failed/);
  }, 180_000);
});

describe("two senders in one process on one SQLite file", () => {
  let database: TestDatabase | undefined;
  let second: Db | undefined;
  beforeAll(async () => {
    database = await openTestDatabase("sqlite");
    const file = database.url.replace(/^file:/, "");
    second = createDb({ provider: "sqlite", url: database.url, file });
  });
  afterAll(async () => {
    await second?.$disconnect();
    await database?.close();
  });

  it("drain 200 messages: each delivered exactly once, both senders sending", async () => {
    const db = database!.db;
    const queued = await queueMany(db, 200);
    const transport = createSmtpTransport(smtp.url);
    const sentBy = new Map<string, number>();
    const counting = (name: string): Pick<Transporter, "sendMail"> => ({
      sendMail: async (mail) => {
        const info: unknown = await transport.sendMail(mail);
        sentBy.set(name, (sentBy.get(name) ?? 0) + 1);
        return info as Awaited<ReturnType<Transporter["sendMail"]>>;
      },
    });
    const senders = [
      startEmailSender({ db, transport: counting("a"), from: "store@example.org", pollMs: 20, batchSize: 10, instanceId: "sender-a", log: () => {} }),
      startEmailSender({ db: second!, transport: counting("b"), from: "store@example.org", pollMs: 20, batchSize: 10, instanceId: "sender-b", log: () => {} }),
    ];
    try {
      await smtp.waitFor(queued.ofBatch, { count: 200, timeoutMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await Promise.all(senders.map((sender) => sender.stop(2000)));
      transport.close();
    }
    await expectDeliveredOnce(db, queued);
    expect(sentBy.get("a")).toBeGreaterThan(0);
    expect(sentBy.get("b")).toBeGreaterThan(0);
  }, 90_000);
});
