import type { AsyncSingleton, AsyncSingletonOptions } from '../../chapters/01-design-patterns/async-singleton.js';
import { PatternError } from '../../chapters/01-design-patterns/pattern-error.js';
import { TodoError } from '../../workbook/todo-error.js';

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
export function createTimedSingleton<T>(_options: TimedSingletonOptions<T>): AsyncSingleton<T> {
  // TODO(01.1): return a chapter AsyncSingleton whose `create` gives up after `timeoutMs`:
  // - throw a RangeError at once if timeoutMs is not a positive finite number;
  // - pass create() a signal that aborts on your deadline (reason: an InitTimeoutError) AND on the singleton's own signal;
  // - reject as soon as that signal aborts, even if create() ignores it, and clear the timer on every path;
  // - if create() still produces a value after giving up, dispose it instead of leaking it.
  throw new TodoError('01.1');
}
