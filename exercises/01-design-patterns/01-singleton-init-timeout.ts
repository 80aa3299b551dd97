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
  // TODO(01.1): return a singleton that behaves like the chapter's AsyncSingleton, plus a deadline on creation:
  // - timeoutMs that is not a positive finite number: throw a RangeError at once, whose message starts
  //   "timeoutMs must be a positive";
  // - a creation that has not finished timeoutMs after it started: get() rejects with InitTimeoutError(name, timeoutMs)
  //   at that moment (not a millisecond earlier), even if options.create ignores its signal;
  // - the signal options.create receives aborts at that deadline (its reason: that InitTimeoutError), and also when
  //   the singleton is disposed during creation;
  // - a timeout is not remembered: the next get() calls options.create again;
  // - a value options.create delivers after the deadline is handed to options.dispose, never leaked; if that dispose
  //   fails, process.emitWarning receives an Error whose message names the singleton and whose cause is the failure;
  // - a failure of options.create (a rejection or a synchronous throw) is get()'s rejection, as it is;
  // - the name defaults to 'singleton', as in AsyncSingleton; dispose() releases a value created in time;
  // - no timer, and no abort listener of yours on create's signal, is left once creation has settled.
  throw new TodoError('01.1');
}
