import type { Redis, RedisOptions } from 'ioredis';

/**
 * ioredis options for a limiter's own connection: a command that takes longer than 250 ms fails instead of holding
 * the request, commands issued while disconnected fail at once instead of queueing, and nothing is retried. The
 * fallback limiter then decides. (The ioredis defaults queue commands and retry 20 times: seconds per request.)
 * The timeout runs on the event loop, so it must sit above the loop's lag at peak load, or an overloaded process
 * falls back while Redis is fine: measure your p99 and set it above that.
 */
export const RATE_LIMIT_REDIS_OPTIONS: RedisOptions = {
  commandTimeout: 250,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 1_000,
};

/** A Lua script registered with `defineCommand` (EVALSHA, falling back to EVAL once after a SCRIPT FLUSH). */
export type LuaScript = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/** Registers `lua` under `name` on `client` and returns a typed caller. */
export function defineScript(client: Redis, name: string, keyCount: number, lua: string): LuaScript {
  client.defineCommand(name, { numberOfKeys: keyCount, lua });
  const command = (client as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>)[name];
  if (typeof command !== 'function') throw new Error(`defineCommand did not register ${name}`);
  return (keys, args) => command.call(client, ...keys, ...args);
}

/** The script's reply as integers `[allowed, remaining, resetMs, retryAfterMs]`, or a clear error. */
export function readReply(reply: unknown, script: string): [number, number, number, number] {
  if (!Array.isArray(reply) || reply.length !== 4 || !reply.every((n) => typeof n === 'number')) {
    throw new Error(`${script} returned ${JSON.stringify(reply)}; expected four integers`);
  }
  return reply as [number, number, number, number];
}
