/**
 * A small synchronous observer: the module whose tests you write in exercise 01.9. It is correct; the workbook keeps
 * near-miss copies of it in wrong/ that your tests must catch.
 */

export type Listener<Payload> = (payload: Payload) => void;
export type Unsubscribe = () => void;

interface Subscription {
  readonly listener: Listener<never>;
  readonly once: boolean;
  active: boolean;
}

/**
 * Listeners per event name, called synchronously by `emit`.
 *
 * - `on` and `once` return an unsubscribe function that removes that one subscription and is harmless to call again.
 * - `emit` calls the listeners subscribed when it started, in subscription order, skipping any removed meanwhile;
 *   one subscribed during an emit is first called by the next emit. It returns how many listeners it called.
 * - A `once` listener is removed before it is called, so it runs once even if it throws or emits the same event.
 * - A listener that throws does not stop the others: after calling them all, `emit` throws an AggregateError of the
 *   errors, in the order they were thrown.
 *
 * @example
 * const emitter = new Emitter<{ saved: { id: string } }>();
 * const off = emitter.on('saved', ({ id }) => console.log(id));
 * emitter.emit('saved', { id: 'a' }); // 1
 * off();
 */
export class Emitter<Events extends { [K in keyof Events]: unknown }> {
  // Copy-on-write lists: an emit iterates the array it started with, whatever its listeners change.
  readonly #lists = new Map<keyof Events, readonly Subscription[]>();

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    return this.#add(event, listener, false);
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    return this.#add(event, listener, true);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): number {
    const errors: unknown[] = [];
    let called = 0;
    for (const subscription of this.#lists.get(event) ?? []) {
      if (!subscription.active) continue;
      if (subscription.once) this.#remove(event, subscription);
      called += 1;
      try {
        (subscription.listener as Listener<Events[K]>)(payload);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, `${errors.length} listener(s) of "${String(event)}" threw`);
    return called;
  }

  listenerCount(event: keyof Events): number {
    return this.#lists.get(event)?.length ?? 0;
  }

  #add(event: keyof Events, listener: Listener<never>, once: boolean): Unsubscribe {
    const subscription: Subscription = { listener, once, active: true };
    this.#lists.set(event, [...(this.#lists.get(event) ?? []), subscription]);
    return () => this.#remove(event, subscription);
  }

  #remove(event: keyof Events, subscription: Subscription): void {
    if (!subscription.active) return;
    subscription.active = false;
    const rest = (this.#lists.get(event) ?? []).filter((s) => s !== subscription);
    if (rest.length === 0) this.#lists.delete(event);
    else this.#lists.set(event, rest);
  }
}
