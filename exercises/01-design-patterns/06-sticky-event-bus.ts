import type {
  EventMap,
  EventName,
  Listener,
  TypedEventBusOptions,
  Unsubscribe,
} from '../../chapters/01-design-patterns/typed-event-bus.js';
import { TodoError } from '../../workbook/todo-error.js';

export interface StickyEventBusOptions<Sticky extends string> extends TypedEventBusOptions {
  /** Events whose last payload is replayed to every later subscriber: `ready`, `config.loaded`. */
  readonly sticky: readonly Sticky[];
}

/**
 * A TypedEventBus that remembers the last payload of its sticky events and hands it to late subscribers at once,
 * so "subscribe after it already happened" cannot miss a one-time event.
 */
export class StickyEventBus<Events extends EventMap<Events>, Sticky extends EventName<Events> = never> {
  // TODO(01.6): a bus with the chapter TypedEventBus's behaviour (reuse it, do not copy it) that remembers the
  // last payload of each sticky event:
  // - subscribe() to a remembered event calls the listener with that payload at once, then with later payloads;
  // - once() to a remembered event delivers that payload and leaves no listener; before the event, it waits as usual;
  // - events that are not sticky are never replayed;
  // - a replayed listener that throws or rejects goes to options.onError(error, { event }), like any emit, and
  //   never becomes an unhandled rejection;
  // - last(event) is the remembered payload; forget(event) drops it until the event is emitted again.
  constructor(_options: StickyEventBusOptions<Sticky>) {
    throw new TodoError('01.6');
  }

  subscribe<K extends EventName<Events>>(_event: K, _listener: Listener<Events[K]>): Unsubscribe {
    throw new TodoError('01.6');
  }

  once<K extends EventName<Events>>(_event: K, _listener: Listener<Events[K]>): Unsubscribe {
    throw new TodoError('01.6');
  }

  emit<K extends EventName<Events>>(_event: K, _payload: Events[K]): void {
    throw new TodoError('01.6');
  }

  /** The remembered payload of a sticky event, if it was emitted and not forgotten. */
  last<K extends Sticky>(_event: K): Events[K] | undefined {
    throw new TodoError('01.6');
  }

  /** Stops replaying `event` until it is emitted again (after a `ready` is followed by a shutdown, say). */
  forget(_event: Sticky): void {
    throw new TodoError('01.6');
  }

  listenerCount(_event?: EventName<Events>): number {
    throw new TodoError('01.6');
  }
}
