/**
 * At most one load per key at a time: callers that arrive while a load runs share its promise.
 * A failure is shared by those callers but not remembered, so the next call loads again.
 *
 * @example
 * const flights = new SingleFlight<User>();
 * const user = await flights.run(`user:${id}`, () => db.findUser(id));
 */
export class SingleFlight<T> {
  readonly #running = new Map<string, Promise<T>>();

  /** How many keys are loading right now. */
  get size(): number {
    return this.#running.size;
  }

  run(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.#running.get(key);
    if (running) return running;
    // `new Promise` turns a synchronous throw in load() into a rejection that every sharer sees.
    const flight = new Promise<T>((resolve) => resolve(load())).finally(() => {
      if (this.#running.get(key) === flight) this.#running.delete(key);
    });
    this.#running.set(key, flight);
    return flight;
  }

  /** Callers from now on start a new load: the running one (if any) began before the data changed. */
  forget(key: string): void {
    this.#running.delete(key);
  }
}
