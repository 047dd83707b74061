// Redis going away under a store that keeps its rate limits there (REDIS_URL), and coming back:
// the real server talks to the real Redis through a TCP proxy the test turns off (connections
// reset, new ones refused) or freezes (nothing answered). Limits stay enforced throughout,
// counted in this instance's memory while Redis is away; the switch is logged once each way; the
// counting goes back to Redis when it answers again.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueTestLicense } from "../../helpers/factories";
import { callApi, verify } from "../../helpers/license-api-server";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { startTcpProxy, type TcpProxy } from "../../helpers/tcp-proxy";
import { openTestDatabase, type TestDatabase } from "../../helpers/test-databases";

const REDIS = { host: "127.0.0.1", port: 6379 };
/** A Redis database of its own, so these counters meet no other test's. */
const REDIS_DB = 9;
const PER_IP = 5;
/** The Verify limiter's Redis key for requests from 127.0.0.1 (rate-limiter-flexible's `prefix:key`). */
const IP_KEY = "cp:license-api-ip:127.0.0.1";
const METRICS_TOKEN = "faults-metrics-token-0123456789";

const DOWN_LINE = "rate limits: Redis unavailable, counting in memory on this instance";
const BACK_LINE = "rate limits: Redis is back, counting in Redis again";

async function redisReachable(): Promise<boolean> {
  const probe = new Redis({ ...REDIS, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const lines = (server: StoreServer, text: string) => server.stdout().split("\n").filter((line) => line.includes(text)).length;

/** Waits (polling, no fixed sleep) until the server has logged `text` `count` times. */
async function untilLogged(server: StoreServer, text: string, count: number) {
  for (let waited = 0; lines(server, text) < count; waited += 100) {
    if (waited > 20_000) throw new Error(`the server did not log "${text}" ${count} time(s):\n${server.stdout().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!(await redisReachable()))("Redis stopped and started again under a store counting rate limits in it", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: StoreServer;
  let redis: Redis;
  let key: string;

  beforeAll(async () => {
    redis = new Redis({ ...REDIS, db: REDIS_DB });
    await redis.del(IP_KEY);
    proxy = await startTcpProxy(REDIS);
    database = await openTestDatabase("sqlite");
    key = (await issueTestLicense(database.db, { maxActivations: 0 })).license.key;
    server = await startStoreServer({
      databaseUrl: database.url,
      env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}/${REDIS_DB}`, VERIFY_RATE_LIMIT_PER_IP: PER_IP, METRICS_TOKEN },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await database?.close();
    await redis?.del(IP_KEY);
    redis?.disconnect();
  });

  /** Verify statuses for `count` requests in a row from this address. */
  async function verifyStatuses(count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await verify(server, { key, domain: "site.example.com" })).status);
    return statuses;
  }

  async function metrics(): Promise<string> {
    const response = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    return response.text();
  }

  const limited = [...Array<number>(PER_IP).fill(200), 429];

  it("counts in Redis; with Redis stopped, still answers and still limits (in memory), logged once; counts in Redis again once it is back", async () => {
    // The very first probe waits for the first connection instead of calling Redis down.
    expect((await callApi(server, "/api/health/ready")).json).toMatchObject({ status: "ready", checks: { redis: "ok" } });
    expect(await verifyStatuses(PER_IP + 1)).toEqual(limited);
    expect(Number(await redis.get(IP_KEY))).toBe(PER_IP + 1);

    await proxy.stop();
    // This instance's memory has not counted anything yet: a fresh budget, then refusals.
    expect(await verifyStatuses(PER_IP + 2)).toEqual([...limited, 429]);
    expect(lines(server, DOWN_LINE)).toBe(1);
    const during = await metrics();
    expect(during).toMatch(/^cpstore_rate_limit_memory_fallback 1$/m);
    expect(during).toMatch(/^cpstore_rate_limit_refusals_total\{limiter="license-api-ip"\} [3-9]/m);
    const ready = await callApi<{ status: string; checks: { redis: string } }>(server, "/api/health/ready");
    expect(ready.status).toBe(503);
    expect(ready.json.checks.redis).toBe("failed");

    await redis.del(IP_KEY);
    await proxy.start();
    await untilLogged(server, BACK_LINE, 1);
    expect(await verifyStatuses(1)).toEqual([200]);
    expect(Number(await redis.get(IP_KEY))).toBe(1); // counted in Redis, not in memory (already spent there)
    expect(await metrics()).toMatch(/^cpstore_rate_limit_memory_fallback 0$/m);
    expect((await callApi(server, "/api/health/ready")).status).toBe(200);
    expect(lines(server, DOWN_LINE)).toBe(1);
  });

  it("frozen (nothing answered): requests are still answered and limited, and Redis counts again once it thaws", async () => {
    await redis.del(IP_KEY);
    await untilLogged(server, BACK_LINE, 1);
    proxy.hold();
    // The first request waits for Redis's command timeout (0.5 s), then everything is counted in
    // memory, where this address's budget from the outage before is still spent.
    expect(await verifyStatuses(3)).toEqual([429, 429, 429]);
    await untilLogged(server, DOWN_LINE, 2);

    proxy.release();
    await untilLogged(server, BACK_LINE, 2);
    await redis.del(IP_KEY);
    expect(await verifyStatuses(1)).toEqual([200]);
    expect(Number(await redis.get(IP_KEY))).toBe(1);
    expect(lines(server, DOWN_LINE)).toBe(2);
  });
});
