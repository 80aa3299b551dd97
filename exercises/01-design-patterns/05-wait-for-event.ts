import { PatternError } from '../../chapters/01-design-patterns/pattern-error.js';
import type { EventMap, EventName, TypedEventBus } from '../../chapters/01-design-patterns/typed-event-bus.js';
import { TodoError } from '../../workbook/todo-error.js';

export class WaitForTimeoutError extends PatternError {
  readonly code = 'WAIT_FOR_TIMEOUT';

  constructor(
    readonly event: string,
    readonly timeoutMs: number,
  ) {
    super(`no matching "${event}" event within ${timeoutMs} ms`);
  }
}

export interface WaitForOptions<Payload> {
  /** Gives up with the signal's reason when it aborts. */
  readonly signal?: AbortSignal;
  /** Gives up with WaitForTimeoutError after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Only a payload for which this returns true settles the wait. */
  readonly filter?: (payload: Payload) => boolean;
}

/** Resolves with the next (matching) payload of `event`. Whatever happens, the listener and the timer are removed. */
export function waitFor<Events extends EventMap<Events>, K extends EventName<Events>>(
  _bus: TypedEventBus<Events>,
  _event: K,
  _options: WaitForOptions<Events[K]> = {},
): Promise<Events[K]> {
  // TODO(01.5): return a promise that settles on the first of: a matching payload (resolve with it; a payload the
  // filter rejects leaves it waiting), timeoutMs passing (reject with WaitForTimeoutError), the signal aborting
  // (reject with signal.reason), or the filter throwing (reject with that error). An already-aborted signal rejects
  // without subscribing. Whichever way it settles, it leaves no listener of its own on the bus (other listeners
  // stay), no timer and no abort listener.
  throw new TodoError('01.5');
}
