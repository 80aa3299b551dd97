import { AsyncSingleton } from '../../chapters/01-design-patterns/async-singleton.js';
import type { AsyncSingletonOptions } from '../../chapters/01-design-patterns/async-singleton.js';
import { PatternError } from '../../chapters/01-design-patterns/pattern-error.js';

export class InitTimeoutError extends PatternError {
  readonly code = 'SINGLETON_INIT_TIMEOUT';

  constructor(
    readonly singletonName: string,
    readonly timeoutMs: number,
  ) {
    super(`${singletonName} was not ready within ${timeoutMs} ms; the next get() tries again`);
  }
}

export interface TimedSingletonOptions<T> extends AsyncSingletonOptions<T> {
  /** How long one creation may take before get() rejects with InitTimeoutError. */
  readonly timeoutMs: number;
}

/** An AsyncSingleton whose creation gives up after `timeoutMs`, aborts the work, and is retried by the next get(). */
export function createTimedSingleton<T>(options: TimedSingletonOptions<T>): AsyncSingleton<T> {
  const { timeoutMs } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const name = options.name ?? 'singleton';

  return new AsyncSingleton<T>({
    name,
    dispose: options.dispose,
    create: (singletonSignal) =>
      new Promise<T>((resolve, reject) => {
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(new InitTimeoutError(name, timeoutMs)), timeoutMs);
        // One signal for create(): it aborts on our deadline and on the singleton's own dispose/reset.
        const signal = AbortSignal.any([singletonSignal, deadline.signal]);
        // Stop waiting even if create() ignores its signal: the caller's time is what the timeout protects.
        const onAbort = (): void => {
          clearTimeout(timer); // a dispose() during creation must not leave our deadline timer behind
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort);

        const finish = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
        };
        new Promise<T>((res) => res(options.create(signal))).then(
          async (value) => {
            finish();
            if (!signal.aborted) return resolve(value);
            // Too late: nobody will ever get this value, so release it instead of leaking a connection.
            // The caller already has its InitTimeoutError, so a failure here can only be reported as a warning.
            try {
              await options.dispose?.(value);
            } catch (error) {
              process.emitWarning(
                new Error(`${name}: disposing a value that arrived after the timeout failed`, { cause: error }),
              );
            }
          },
          (error: unknown) => {
            finish();
            reject(error);
          },
        );
      }),
  });
}
