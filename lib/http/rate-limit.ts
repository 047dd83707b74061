// Rate limiting with rate-limiter-flexible: in memory for one instance, in Redis (REDIS_URL) when
// several instances share the load, so a client cannot multiply its budget by the instance count.
//
// Redis going away must not take the store with it, nor slow every request down: the first
// command that fails (refused, dropped, or unanswered within COMMAND_TIMEOUT_MS) switches this
// process to counting in memory, where limits still hold per instance, and every later request
// goes straight there without touching Redis. A probe (PING) every PROBE_INTERVAL_MS notices Redis
// answering again and switches back. Each switch is logged once, not once per request.
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getEnv } from "../env";
import { logger } from "../observability/logger";
import { recordRateLimitRefusal, setRateLimitMemoryFallback } from "../observability/metrics";

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
};

/** A Redis command unanswered for this long counts as Redis being unavailable. */
const COMMAND_TIMEOUT_MS = 500;
/** How often a process counting in memory asks Redis whether it is back. */
const PROBE_INTERVAL_MS = 1000;

type RedisState = {
  client: Redis;
  available: boolean;
  /** Settles when the first connection is made or fails (at most connectTimeout). */
  firstConnection: Promise<void> | null;
  probe?: NodeJS.Timeout;
};

// One client and one state per process, shared by every copy of this module (server/main.ts and
// the Next.js bundle load their own), so an outage is noticed, and logged, once.
const REDIS = Symbol.for("cp-store.rate-limit.redis");
const holder = globalThis as { [REDIS]?: RedisState };

function redisState(url: string): RedisState {
  if (holder[REDIS]) return holder[REDIS];
  const client = new Redis(url, {
    // No queueing while disconnected: a command fails at once and the memory limiter answers.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 1000,
    // Reconnects go on in the background for as long as Redis is away, at most a second apart.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  // Connection errors are reported through the state change below; without a listener ioredis
  // prints every failed reconnect.
  client.on("error", () => undefined);
  // Commands before the first connection would fail at once (no offline queue) and report an
  // outage at every start: the first requests wait for it instead, once per process.
  const firstConnection = new Promise<void>((resolve) => {
    client.once("ready", resolve);
    client.once("end", resolve);
    setTimeout(resolve, 1500).unref();
  }).then(() => {
    state.firstConnection = null;
  });
  const state: RedisState = { client, available: true, firstConnection };
  holder[REDIS] = state;
  return state;
}

const log = () => logger.child({ component: "rate-limit" });

function markRedisUnavailable(state: RedisState, error: unknown) {
  if (!state.available) return;
  state.available = false;
  setRateLimitMemoryFallback(true);
  log().warn({ err: error instanceof Error ? error.message : String(error) }, "rate limits: Redis unavailable, counting in memory on this instance");
  const probe = () => {
    state.client
      .ping()
      .then(() => {
        state.available = true;
        setRateLimitMemoryFallback(false);
        log().info("rate limits: Redis is back, counting in Redis again");
      })
      .catch(() => {
        state.probe = setTimeout(probe, PROBE_INTERVAL_MS);
        state.probe.unref();
      });
  };
  state.probe = setTimeout(probe, PROBE_INTERVAL_MS);
  state.probe.unref();
}

/** PING the rate limits' Redis (readiness): true when it answers; null when REDIS_URL is not set. */
export async function pingRateLimitRedis(): Promise<boolean | null> {
  const { REDIS_URL } = getEnv();
  if (!REDIS_URL) return null;
  const state = redisState(REDIS_URL);
  if (state.firstConnection) await state.firstConnection;
  try {
    return (await state.client.ping()) === "PONG";
  } catch {
    return false;
  }
}

/** Closes the Redis connection (shutdown); limiters used afterwards count in memory. */
export async function closeRateLimitRedis(): Promise<void> {
  const state = holder[REDIS];
  if (!state) return;
  delete holder[REDIS];
  clearTimeout(state.probe);
  await state.client.quit().catch(() => state.client.disconnect());
}

export type RateLimiter = {
  /** Spends points (default 1); `allowed` is false once the key's budget is gone. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  /** The key's state without spending anything. */
  peek(key: string): Promise<RateLimitDecision>;
  /**
   * Gives back points spent by `consume` (default 1), e.g. for an attempt that turned out not to
   * count. Landing after the window ended, it credits at most those points to the next window.
   */
  reward(key: string, points?: number): Promise<void>;
  reset(key: string): Promise<void>;
};

/** A named limiter allowing `points` per `durationSeconds` per key; the store is chosen on first use. */
export function createRateLimiter(name: string, points: number, durationSeconds: number): RateLimiter {
  const options = { keyPrefix: `cp:${name}`, points, duration: durationSeconds };
  // Both stores are kept: the memory one counts while Redis is away.
  let memory: RateLimiterMemory | undefined;
  let redis: { limiter: RateLimiterRedis; client: Redis } | undefined;

  /** Runs `operation` on Redis while it answers, otherwise (and when it just failed) in memory. */
  async function run<T>(operation: (store: RateLimiterAbstract) => Promise<T>): Promise<T> {
    memory ??= new RateLimiterMemory(options);
    const { REDIS_URL } = getEnv();
    if (!REDIS_URL) return operation(memory);
    const state = redisState(REDIS_URL);
    if (state.firstConnection) await state.firstConnection;
    if (!state.available) return operation(memory);
    if (redis?.client !== state.client) {
      redis = { limiter: new RateLimiterRedis({ ...options, storeClient: state.client, rejectIfRedisNotReady: true }), client: state.client };
    }
    try {
      return await operation(redis.limiter);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw error; // a decision, not a failure
      markRedisUnavailable(state, error);
      return operation(memory);
    }
  }

  const decide = (res: RateLimiterRes, allowed: boolean): RateLimitDecision => ({
    allowed,
    limit: points,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });

  return {
    async consume(key, cost = 1) {
      try {
        return decide(await run((store) => store.consume(key, cost)), true);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        recordRateLimitRefusal(name);
        return decide(rejection, false);
      }
    },
    async peek(key) {
      const res = await run((store) => store.get(key));
      if (!res) return { allowed: true, limit: points, remaining: points, resetSeconds: durationSeconds };
      return decide(res, res.remainingPoints > 0);
    },
    async reward(key, cost = 1) {
      await run((store) => store.reward(key, cost));
    },
    async reset(key) {
      await run((store) => store.delete(key));
    },
  };
}
