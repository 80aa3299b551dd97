import { PatternError } from './pattern-error.js';

// #region types
/** Any object type whose keys are event names and whose values are payload types. Interfaces work too. */
export type EventMap<Events> = { [K in keyof Events]: unknown };
export type EventName<Events> = keyof Events & string;
/**
 * A listener may be async: if it returns a promise (any thenable), a rejection goes to the bus's error handler.
 * Other return values are ignored, so `(p) => list.push(p)` is fine.
 */
export type Listener<Payload> = (payload: Payload) => unknown;
export type Unsubscribe = () => void;

export interface ListenerErrorContext {
  readonly event: string;
}

export interface TypedEventBusOptions {
  /**
   * Receives what a listener threw or rejected with during `emit`. Required: only the owner knows whether a
   * failure should be logged, counted or escalated. It should not throw; if it does, the bus reports that as a
   * process warning (`BUS_ON_ERROR_FAILED`) and carries on, because there is nowhere safer left to send it.
   */
  readonly onError: (error: unknown, context: ListenerErrorContext) => void;
}
// #endregion types

/** `emitAndWait` rejects with this when one or more listeners failed; every listener still ran to the end. */
export class ListenerFailedError extends PatternError {
  readonly code = 'LISTENER_FAILED';

  constructor(
    readonly event: string,
    readonly errors: readonly unknown[],
  ) {
    super(`${errors.length} listener(s) of "${event}" failed; see .errors`, { cause: errors[0] });
  }
}

/** The `onError` handler threw while handling a listener's failure; emitted as a process warning, never thrown. */
export class ErrorHandlerFailedError extends PatternError {
  readonly code = 'BUS_ON_ERROR_FAILED';

  constructor(
    readonly event: string,
    readonly listenerError: unknown,
    handlerError: unknown,
  ) {
    super(`the onError handler threw while handling a failed listener of "${event}"; see .cause and .listenerError`, {
      cause: handlerError,
    });
  }
}

/** One call to subscribe/once. Its own object, so the same function subscribed twice is two subscriptions. */
interface Subscription {
  readonly listener: Listener<never>;
  readonly once: boolean;
  active: boolean;
}

/**
 * A typed publish/subscribe bus.
 *
 * - `subscribe` returns an unsubscribe function that is safe to call twice.
 * - `emit` calls a snapshot of the listeners: one that unsubscribes during an emit never makes another be skipped.
 * - A throwing or rejecting listener reaches `onError`; the other listeners still run.
 * - `emitAndWait` resolves when every listener has settled.
 * - An event's entry is deleted when its last listener goes, so listeners coming and going do not grow memory.
 *
 * @example
 * const bus = new TypedEventBus<{ 'order.paid': { orderId: string } }>({ onError: (error) => log.error(error) });
 * const off = bus.subscribe('order.paid', ({ orderId }) => sendReceipt(orderId));
 * bus.emit('order.paid', { orderId: 'o-1' });
 * off();
 */
export class TypedEventBus<Events extends EventMap<Events>> {
  readonly #subscriptions = new Map<EventName<Events>, Set<Subscription>>();
  readonly #onError: TypedEventBusOptions['onError'];

  constructor(options: TypedEventBusOptions) {
    this.#onError = options.onError;
  }

  // #region subscribe
  /** Calls `listener` on every `event` until the returned function is called. */
  subscribe<K extends EventName<Events>>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    return this.#add(event, listener, false);
  }

  /** Calls `listener` on the next `event` only. */
  once<K extends EventName<Events>>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    return this.#add(event, listener, true);
  }

  #add<K extends EventName<Events>>(event: K, listener: Listener<Events[K]>, once: boolean): Unsubscribe {
    const subscription: Subscription = { listener: listener as Listener<never>, once, active: true };
    let set = this.#subscriptions.get(event);
    if (set === undefined) {
      set = new Set();
      this.#subscriptions.set(event, set);
    }
    set.add(subscription);
    // Removes this subscription and no other: calling it twice, or after the same function subscribed again, is harmless.
    return () => this.#remove(event, subscription);
  }

  #remove(event: EventName<Events>, subscription: Subscription): void {
    if (!subscription.active) return;
    subscription.active = false;
    const set = this.#subscriptions.get(event);
    if (set === undefined) return;
    set.delete(subscription);
    // Drop the empty entry, or a bus that sees many short-lived event names grows forever.
    if (set.size === 0) this.#subscriptions.delete(event);
  }
  // #endregion subscribe

  // #region emit
  /** Calls every listener of `event` now. Failures, sync or async, go to `onError`; the caller is not blocked. */
  emit<K extends EventName<Events>>(event: K, payload: Events[K]): void {
    for (const subscription of this.#snapshot(event)) {
      if (!subscription.active) continue; // removed by an earlier listener of this same emit
      if (subscription.once) this.#remove(event, subscription);
      let result: unknown;
      try {
        result = (subscription.listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.#report(error, event);
        continue;
      }
      // Attach the handler at once: a rejection nobody handles would be an 'unhandledRejection' and, by default, a crash.
      if (isPromiseLike(result)) Promise.resolve(result).catch((error: unknown) => this.#report(error, event));
    }
  }

  /** Like `emit`, then waits for every listener; rejects with `ListenerFailedError` if any of them failed. */
  async emitAndWait<K extends EventName<Events>>(event: K, payload: Events[K]): Promise<void> {
    const running: Promise<void>[] = [];
    for (const subscription of this.#snapshot(event)) {
      if (!subscription.active) continue;
      if (subscription.once) this.#remove(event, subscription);
      try {
        running.push(Promise.resolve((subscription.listener as Listener<Events[K]>)(payload)).then(() => undefined));
      } catch (error) {
        running.push(Promise.reject(error));
      }
    }
    const outcomes = await Promise.allSettled(running);
    const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    if (errors.length > 0) throw new ListenerFailedError(event, errors);
  }

  // onError is the owner's code and may fail too: thrown here it would skip the other listeners, and thrown inside the
  // rejection handler above it would be an unhandled rejection that ends the process.
  #report(error: unknown, event: string): void {
    try {
      this.#onError(error, { event });
    } catch (handlerError) {
      process.emitWarning(new ErrorHandlerFailedError(event, error, handlerError));
    }
  }

  // A copy: a listener that unsubscribes (itself or another) mutates the Set, never the loop in progress.
  #snapshot(event: EventName<Events>): Subscription[] {
    const set = this.#subscriptions.get(event);
    return set === undefined ? [] : [...set];
  }
  // #endregion emit

  /** Listeners of one event, or of all events. */
  listenerCount(event?: EventName<Events>): number {
    if (event !== undefined) return this.#subscriptions.get(event)?.size ?? 0;
    let total = 0;
    for (const set of this.#subscriptions.values()) total += set.size;
    return total;
  }

  /** Events that have at least one listener. */
  eventNames(): EventName<Events>[] {
    return [...this.#subscriptions.keys()];
  }

  /** Removes every listener; earlier unsubscribe functions stay harmless. */
  clear(): void {
    for (const set of this.#subscriptions.values()) {
      for (const subscription of set) subscription.active = false;
    }
    this.#subscriptions.clear();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
