/**
 * Emit walks the live list, so a listener that unsubscribes itself makes the next one be skipped, and one subscribed during the emit is called by it. Otherwise correct.
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
  readonly #lists = new Map<keyof Events, Subscription[]>();

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    return this.#add(event, listener, false);
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    return this.#add(event, listener, true);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): number {
    const errors: unknown[] = [];
    let called = 0;
    const list = this.#lists.get(event) ?? [];
    for (let i = 0; i < list.length; i++) {
      const subscription = list[i]!;
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
    const list = this.#lists.get(event) ?? [];
    list.push(subscription);
    this.#lists.set(event, list);
    return () => this.#remove(event, subscription);
  }

  #remove(event: keyof Events, subscription: Subscription): void {
    if (!subscription.active) return;
    subscription.active = false;
    const list = this.#lists.get(event) ?? [];
    list.splice(list.indexOf(subscription), 1);
    if (list.length === 0) this.#lists.delete(event);
  }
}
