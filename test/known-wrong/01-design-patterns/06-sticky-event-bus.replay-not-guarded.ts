/**
 * Known wrong: replays the remembered payload by calling the listener bare. A listener that throws during the replay
 * throws out of subscribe() into the subscriber's code, and one that rejects becomes an unhandled rejection, where
 * emit() would have sent both to onError.
 */
import { TypedEventBus } from '../../../chapters/01-design-patterns/typed-event-bus.js';
import type {
  EventMap,
  EventName,
  Listener,
  TypedEventBusOptions,
  Unsubscribe,
} from '../../../chapters/01-design-patterns/typed-event-bus.js';

export interface StickyEventBusOptions<Sticky extends string> extends TypedEventBusOptions {
  /** Events whose last payload is replayed to every later subscriber: `ready`, `config.loaded`. */
  readonly sticky: readonly Sticky[];
}

/**
 * A TypedEventBus that remembers the last payload of its sticky events and hands it to late subscribers at once,
 * so "subscribe after it already happened" cannot miss a one-time event.
 */
export class StickyEventBus<Events extends EventMap<Events>, Sticky extends EventName<Events> = never> {
  readonly #bus: TypedEventBus<Events>;
  readonly #sticky: ReadonlySet<string>;
  readonly #last = new Map<EventName<Events>, Events[EventName<Events>]>();

  constructor(options: StickyEventBusOptions<Sticky>) {
    this.#bus = new TypedEventBus<Events>({ onError: options.onError });
    this.#sticky = new Set(options.sticky);
  }

  subscribe<K extends EventName<Events>>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    this.#replay(event, listener);
    return this.#bus.subscribe(event, listener);
  }

  once<K extends EventName<Events>>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    // Already happened: the replay is the one delivery, so there is nothing to subscribe.
    if (this.#replay(event, listener)) return () => {};
    return this.#bus.once(event, listener);
  }

  emit<K extends EventName<Events>>(event: K, payload: Events[K]): void {
    if (this.#sticky.has(event)) this.#last.set(event, payload);
    this.#bus.emit(event, payload);
  }

  /** The remembered payload of a sticky event, if it was emitted and not forgotten. */
  last<K extends Sticky>(event: K): Events[K] | undefined {
    return this.#last.get(event) as Events[K] | undefined;
  }

  /** Stops replaying `event` until it is emitted again (after a `ready` is followed by a shutdown, say). */
  forget(event: Sticky): void {
    this.#last.delete(event);
  }

  listenerCount(event?: EventName<Events>): number {
    return this.#bus.listenerCount(event);
  }

  /** Calls `listener` with the remembered payload, if any. */
  #replay<K extends EventName<Events>>(event: K, listener: Listener<Events[K]>): boolean {
    if (!this.#last.has(event)) return false;
    const payload = this.#last.get(event) as Events[K];
    void listener(payload);
    return true;
  }
}
