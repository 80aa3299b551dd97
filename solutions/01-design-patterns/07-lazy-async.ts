/**
 * Wraps an async creation so that it runs at most once at a time and its result is shared: the smallest useful
 * async singleton, for a value that never needs closing (a parsed config file, a JWKS fetched at start-up).
 *
 * @example
 * const loadConfig = lazyAsync(() => readConfig('app.json'));
 * const [a, b] = await Promise.all([loadConfig(), loadConfig()]); // one read, the same object
 */
export function lazyAsync<T>(create: () => Promise<T>): () => Promise<T> {
  let shared: Promise<T> | undefined;
  return () => {
    // Share the promise, not the value: callers that arrive mid-creation wait for the one already running.
    shared ??= new Promise<T>((resolve) => resolve(create())).catch((error: unknown) => {
      shared = undefined;
      throw error;
    });
    return shared;
  };
}
