/**
 * It waits one more backoff after the last failed call before returning or rejecting. Otherwise correct.
 */

/** The part of the global `fetch` this module uses: inject a fake one in tests. */
export type FetchFunction = (url: string, init?: RequestInit) => Promise<Response>;

export interface RetryingFetchOptions {
  readonly fetch: FetchFunction;
  /** Calls in all, the first included: a whole number >= 1. Default 3. */
  readonly attempts?: number;
  /** The wait after the first failed call, in ms; each later wait doubles. Default 100. */
  readonly baseDelayMs?: number;
  /** No wait is longer than this, in ms, whatever the backoff or the server asks. Default 2000. */
  readonly maxDelayMs?: number;
}

/** Statuses that say "try again later"; every other status is the answer. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** Methods that are safe to send twice. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Wraps `fetch` so that a GET (or another idempotent method) survives a short outage.
 *
 * - A call fails when `fetch` rejects (a network error) or answers 429, 502, 503 or 504. Any other response, 500 and
 *   404 included, is returned at once.
 * - After failed call n (1, 2, ...), while calls remain, it waits baseDelayMs * 2^(n-1) ms, at most maxDelayMs, on the
 *   global timers, then calls again with the same url and init. When a failed response carries `Retry-After` as a
 *   whole number of seconds, it waits that long instead (still at most maxDelayMs); any other form is ignored.
 * - When the last call fails it does not wait: it returns that last response, or rejects with that last error.
 * - POST and PATCH (any method outside GET, HEAD, OPTIONS, PUT, DELETE, in any case) are called once, never retried.
 * - `attempts` that is not a whole number >= 1 throws a RangeError when the client is created.
 *
 * @example
 * const get = createRetryingFetch({ fetch: globalThis.fetch, attempts: 4 });
 * const response = await get('https://api.example.test/users/1');
 */
export function createRetryingFetch(options: RetryingFetchOptions): FetchFunction {
  const { fetch, attempts = 3, baseDelayMs = 100, maxDelayMs = 2_000 } = options;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be a whole number >= 1, got ${attempts}`);

  return async (url, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const allowed = IDEMPOTENT_METHODS.has(method) ? attempts : 1;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response | undefined;
      try {
        response = await fetch(url, init);
      } catch (error) {
        if (attempt >= allowed) {
          await sleep(baseDelayMs * 2 ** (attempt - 1));
          throw error;
        }
      }
      if (response && !RETRYABLE_STATUSES.has(response.status)) return response;
      if (attempt >= allowed) {
        await sleep(baseDelayMs * 2 ** (attempt - 1));
        if (response) return response;
      }
      const backoff = baseDelayMs * 2 ** (attempt - 1);
      await sleep(Math.min(retryAfterMs(response) ?? backoff, maxDelayMs));
    }
  };
}

function retryAfterMs(response: Response | undefined): number | undefined {
  const header = response?.headers.get('retry-after')?.trim();
  return header !== undefined && /^\d+$/.test(header) ? Number(header) * 1_000 : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
