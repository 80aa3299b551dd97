/**
 * Known wrong: when the last waiter of a flight aborts, deletes whatever flight the key holds. If this flight has
 * just settled and a newer one already took the key, the newer one is dropped and the next caller loads again.
 */
interface Flight<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * The chapter's SingleFlight, where each caller may stop waiting with its own AbortSignal. One caller giving up does
 * not cancel the load for the others; when the last waiter gives up, the load's signal aborts and the key is freed.
 */
export class AbortableSingleFlight<T> {
  readonly #flights = new Map<string, Flight<T>>();

  get size(): number {
    return this.#flights.size;
  }

  run(key: string, load: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = this.#flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const started: Flight<T> = {
        controller,
        waiters: 0,
        promise: new Promise<T>((resolve) => resolve(load(controller.signal))).finally(() => {
          if (this.#flights.get(key) === started) this.#flights.delete(key);
        }),
      };
      // The shared promise may reject after every waiter left; nobody awaits it then, so mark it handled here.
      started.promise.catch(() => {});
      this.#flights.set(key, started);
      flight = started;
    }
    return this.#wait(key, flight, signal);
  }

  #wait(key: string, flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters += 1;
    if (!signal) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        reject(signal.reason);
        flight.waiters -= 1;
        if (flight.waiters > 0) return;
        // The last waiter left. The key may already hold a newer flight (this one settled a moment ago): keep that.
        this.#flights.delete(key);
        flight.controller.abort(signal.reason);
      };
      signal.addEventListener('abort', onAbort);
      flight.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}
