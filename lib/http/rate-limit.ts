// Rate limiting with rate-limiter-flexible: in memory for one instance, in Redis (REDIS_URL) when
// several instances share the load, so a client cannot multiply its budget by the instance count.
import { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { getEnv } from "../env";

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
};

let redis: Redis | undefined;

function redisClient(url: string): Redis {
  redis ??= new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  return redis;
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
  let instance: RateLimiterAbstract | undefined;
  const store = (): RateLimiterAbstract => {
    if (instance) return instance;
    const { REDIS_URL } = getEnv();
    instance = REDIS_URL
      ? new RateLimiterRedis({ ...options, storeClient: redisClient(REDIS_URL), insuranceLimiter: new RateLimiterMemory(options) })
      : new RateLimiterMemory(options);
    return instance;
  };

  const decide = (res: RateLimiterRes, allowed: boolean): RateLimitDecision => ({
    allowed,
    limit: points,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });

  return {
    async consume(key, cost = 1) {
      try {
        return decide(await store().consume(key, cost), true);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return decide(rejection, false);
        throw rejection;
      }
    },
    async peek(key) {
      const res = await store().get(key);
      if (!res) return { allowed: true, limit: points, remaining: points, resetSeconds: durationSeconds };
      return decide(res, res.remainingPoints > 0);
    },
    async reward(key, points = 1) {
      await store().reward(key, points);
    },
    async reset(key) {
      await store().delete(key);
    },
  };
}
