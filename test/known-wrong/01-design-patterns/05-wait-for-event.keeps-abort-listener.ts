/**
 * Known wrong: registers the abort listener with { once: true } and trusts that to clean it up, so cleanUp() never
 * removes it. When the wait ends another way (a payload, the timeout), the listener stays on the caller's signal: a
 * long-lived signal shared by many waits collects one dead listener per wait.
 */
import { PatternError } from '../../../chapters/01-design-patterns/pattern-error.js';
import type { EventMap, EventName, TypedEventBus } from '../../../chapters/01-design-patterns/typed-event-bus.js';

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

/**
 * Resolves with the next (matching) payload of `event`. Whatever happens, the listener and the timer are removed.
 *
 * @example
 * const { orderId } = await waitFor(bus, 'order.paid', { timeoutMs: 5_000, filter: (p) => p.orderId === id });
 */
export function waitFor<Events extends EventMap<Events>, K extends EventName<Events>>(
  bus: TypedEventBus<Events>,
  event: K,
  options: WaitForOptions<Events[K]> = {},
): Promise<Events[K]> {
  const { signal, timeoutMs, filter } = options;
  if (signal?.aborted) return Promise.reject(signal.reason as unknown);

  return new Promise<Events[K]>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanUp = (): void => {
      unsubscribe();
      clearTimeout(timer);
    };
    const onAbort = (): void => {
      cleanUp();
      reject(signal?.reason as unknown);
    };
    // subscribe, not once: a payload the filter rejects must leave us listening.
    const unsubscribe = bus.subscribe(event, (payload) => {
      let matches: boolean;
      try {
        matches = filter === undefined || filter(payload);
      } catch (error) {
        cleanUp();
        reject(error); // the waiter asked for this filter, so the waiter gets its failure
        return;
      }
      if (!matches) return;
      cleanUp();
      resolve(payload);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        cleanUp();
        reject(new WaitForTimeoutError(event, timeoutMs));
      }, timeoutMs);
    }
  });
}
