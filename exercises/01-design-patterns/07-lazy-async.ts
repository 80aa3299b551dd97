import { TodoError } from '../../workbook/todo-error.js';

/**
 * Wraps an async creation so that it runs at most once at a time and its result is shared: the smallest useful
 * async singleton, for a value that never needs closing (a parsed config file, a JWKS fetched at start-up).
 *
 * @example
 * const loadConfig = lazyAsync(() => readConfig('app.json'));
 * const [a, b] = await Promise.all([loadConfig(), loadConfig()]); // one read, the same object
 */
export function lazyAsync<T>(_create: () => Promise<T>): () => Promise<T> {
  // TODO(01.7): return a function `get()` with this contract:
  // - lazyAsync itself never calls create; the first get() does;
  // - every get() made while a creation is running receives that same creation's outcome: one call to create, the
  //   same value (or the same error) for all of them;
  // - once create has resolved, every later get() resolves to that value without calling create again, even when
  //   the value is undefined;
  // - a failed creation is not remembered: its callers get its error, and the next get() calls create again;
  // - a create that throws synchronously counts as a failed creation: get() returns a rejected promise, it never
  //   throws.
  throw new TodoError('01.7');
}
