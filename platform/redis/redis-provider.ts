import { Redis, type RedisOptions } from 'ioredis';
import { defaultProviderLog, redactUrl, type ProviderLog } from '../shared/provider-log.js';
import { CodedError } from '../errors/coded-error.js';

export type RedisProviderName = 'redis' | 'ioredis-mock';

export interface RedisHandle {
  readonly client: Redis;
  readonly provider: RedisProviderName;
  /** A second connection to the same data, for subscribers (a subscribed connection cannot run other commands). */
  duplicate(): Redis;
  /** Closes the client and every duplicate made through this handle. */
  close(): Promise<void>;
}

export interface RedisProviderOptions {
  /** Defaults to `process.env.REDIS_URL`. */
  readonly url?: string | undefined;
  /** Extra ioredis options, e.g. a short `commandTimeout` and no offline queue for a rate limiter. */
  readonly options?: RedisOptions;
  /** How long the first PING may take before a configured Redis counts as unreachable. */
  readonly connectTimeoutMs?: number;
  readonly log?: ProviderLog;
}

/** Raised when REDIS_URL is set but that Redis does not answer: never hidden behind a mock. */
export class RedisUnavailableError extends CodedError {
  readonly code = 'REDIS_UNAVAILABLE';
}

/**
 * Redis for a test, a demo or the capstone: the server at `REDIS_URL` when it is set (it must answer, or this fails
 * with a clear error), else ioredis-mock, an in-process stand-in. One log line names the choice.
 *
 * @example
 * const redis = await connectRedis();
 * await redis.client.set('greeting', 'hello');
 * await redis.close();
 */
export async function connectRedis({
  url = process.env.REDIS_URL,
  options = {},
  connectTimeoutMs = 3_000,
  log = defaultProviderLog,
}: RedisProviderOptions = {}): Promise<RedisHandle> {
  const opened: Redis[] = [];
  const track = (client: Redis): Redis => {
    opened.push(client);
    // Without a listener ioredis prints every reconnect failure as an unhandled error; log each new cause once.
    let last = '';
    client.on('error', (error: Error) => {
      if (error.message !== last) log(`redis: ${error.message}`);
      last = error.message;
    });
    client.on('ready', () => (last = ''));
    return client;
  };
  const close = async (): Promise<void> => {
    await Promise.all(opened.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
  };

  if (!url) {
    // Loaded here, not at the top: a service given a URL (production) never loads the stand-in, which is a dev dependency.
    const { default: RedisMock } = await import('ioredis-mock');
    const make = (): Redis => track(new RedisMock(options));
    const client = make();
    log(
      'redis: ioredis-mock (in-process stand-in; set REDIS_URL to use a real Redis). No persistence, no cross-process pub/sub.',
    );
    return { client, provider: 'ioredis-mock', duplicate: make, close };
  }

  const make = (): Redis => track(new Redis(url, { lazyConnect: true, connectTimeout: connectTimeoutMs, ...options }));
  const client = make();
  try {
    await withTimeout(
      client.connect().then(() => client.ping()),
      connectTimeoutMs,
    );
  } catch (error) {
    await close();
    throw new RedisUnavailableError(
      `REDIS_URL is set to ${redactUrl(url)} but Redis did not answer within ${connectTimeoutMs} ms ` +
        `(${(error as Error).message}). Start Redis, fix REDIS_URL, or unset it to use the in-process stand-in.`,
      { cause: error },
    );
  }
  log(`redis: ${redactUrl(url)} (REDIS_URL)`);
  const duplicate = (): Redis => track(client.duplicate());
  return { client, provider: 'redis', duplicate, close };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
