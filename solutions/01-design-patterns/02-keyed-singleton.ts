import { AsyncSingleton, SingletonDisposedError } from '../../chapters/01-design-patterns/async-singleton.js';

export interface KeyedSingletonOptions<T> {
  /** Names the registry in error messages (default `keyed singleton`); one key's own errors name it `name[key]`. */
  readonly name?: string;
  /** Creates the resource for one key; the signal aborts if that key is deleted, evicted or disposed mid-creation. */
  readonly create: (key: string, signal: AbortSignal) => Promise<T>;
  readonly dispose?: (value: T, key: string) => Promise<void> | void;
  /** Most keys kept at once; the least recently used one is disposed to make room. Unbounded if omitted. */
  readonly maxSize?: number;
}

/**
 * One lazily created resource per key (a "multiton"): one pool per tenant database, one client per region.
 * Each key behaves like an AsyncSingleton; the registry as a whole is bounded.
 */
export class KeyedSingleton<T> {
  readonly #options: KeyedSingletonOptions<T>;
  readonly #name: string;
  // A Map keeps insertion order: re-inserting on use makes the first key the least recently used.
  readonly #entries = new Map<string, AsyncSingleton<T>>();
  readonly #releasing = new Set<Promise<void>>();
  #disposed = false;

  constructor(options: KeyedSingletonOptions<T>) {
    if (options.maxSize !== undefined && !(Number.isInteger(options.maxSize) && options.maxSize >= 1)) {
      throw new RangeError(`maxSize must be a whole number of at least 1, got ${options.maxSize}`);
    }
    this.#options = options;
    this.#name = options.name ?? 'keyed singleton';
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** The resource for `key`, created on first use and shared by concurrent callers. */
  async get(key: string): Promise<T> {
    if (this.#disposed) throw new SingletonDisposedError(this.#name);
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = new AsyncSingleton<T>({
        name: `${this.#name}[${key}]`,
        create: (signal) => this.#options.create(key, signal),
        dispose: (value) => this.#options.dispose?.(value, key),
      });
      this.#entries.set(key, entry);
      this.#evictOverflow();
    } else {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    try {
      return await entry.get();
    } catch (error) {
      // A failed key leaves no entry behind: failures must neither be cached nor pile up.
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw error;
    }
  }

  /** Disposes one key's resource; the next get(key) creates a new one. */
  async delete(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    await entry.dispose();
  }

  /** Disposes every resource (evicted ones included) and refuses later get() calls. */
  async disposeAll(): Promise<void> {
    this.#disposed = true;
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    const outcomes = await Promise.allSettled([...this.#releasing, ...entries.map((entry) => entry.dispose())]);
    const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    if (errors.length > 0)
      throw new AggregateError(errors, `${errors.length} resource(s) of ${this.#name} failed to close`);
  }

  #evictOverflow(): void {
    while (this.#entries.size > (this.#options.maxSize ?? Infinity)) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [string, AsyncSingleton<T>];
      this.#entries.delete(oldestKey);
      // Disposal runs in the background; disposeAll() waits for it and reports its failure.
      const releasing = oldest.dispose();
      this.#releasing.add(releasing);
      releasing.then(
        () => this.#releasing.delete(releasing),
        () => undefined, // kept in the set: disposeAll() reports it
      );
    }
  }
}
