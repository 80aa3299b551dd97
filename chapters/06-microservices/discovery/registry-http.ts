import { RegistryRequestError } from './discovery-error.js';

/** The `fetch` the adapters use; tests may pass their own. */
export type Fetch = typeof fetch;

/** Sends one request to a registry's HTTP API and returns the response, or throws RegistryRequestError. */
export async function registryRequest(
  fetchImpl: Fetch,
  url: string,
  init: { method: string; body?: string; headers?: Record<string, string>; signal?: AbortSignal; timeoutMs: number },
): Promise<Response> {
  const timeout = AbortSignal.timeout(Math.ceil(init.timeoutMs));
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: init.method,
      headers: { 'content-type': 'application/json', ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
      signal,
    });
  } catch (error) {
    if (init.signal?.aborted) throw error; // closed on purpose: not a registry failure
    throw new RegistryRequestError(`${init.method} ${redactQuery(url)} failed: ${describeFetchError(error)}`, {
      cause: error,
    });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new RegistryRequestError(
      `${init.method} ${redactQuery(url)} answered ${response.status}: ${text.slice(0, 200)}`,
    );
  }
  return response;
}

/** undici reports "fetch failed" and hides the reason (ECONNREFUSED, a timeout) in `cause`: show both. */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  if (error.name === 'TimeoutError') return 'no answer in time';
  return cause?.code ? `${error.message} (${cause.code})` : error.message;
}

/** The error code of a failed fetch's cause (`ECONNREFUSED`...), if any. */
export function fetchErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function redactQuery(url: string): string {
  return url.split('?')[0] ?? url;
}

/** Exponential backoff with full jitter, capped: the wait before retry number `failures` of a background loop. */
export function backoffDelay(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(baseMs / 2 + random() * (ceiling - baseMs / 2));
}

/** Resolves after `ms`, or at once when `signal` aborts (a closing watch must not wait out its backoff). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** True when two lists name the same instances with the same addresses (order ignored). */
export function sameInstances(a: readonly { id: string }[], b: readonly { id: string }[]): boolean {
  if (a.length !== b.length) return false;
  const key = (list: readonly { id: string }[]): string =>
    JSON.stringify([...list].sort((x, y) => x.id.localeCompare(y.id)));
  return key(a) === key(b);
}
