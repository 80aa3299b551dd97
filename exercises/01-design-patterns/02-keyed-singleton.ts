import { TodoError } from '../../workbook/todo-error.js';

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
  // TODO(01.2): one lazily created resource per key, each key with the guarantees of the chapter's AsyncSingleton:
  // - constructor: a RangeError naming maxSize if maxSize is given and is not a whole number >= 1;
  // - get(key): concurrent callers of one key share one creation and one value; a failed creation is not
  //   remembered and leaves no entry behind (size and has(key) do not count it), and a creation that fails after
  //   its key was deleted and created again leaves the new entry alone;
  // - after disposeAll(), get() rejects with the chapter's SingletonDisposedError naming the registry;
  // - maxSize: adding a key beyond it evicts the least recently USED key (a get() counts as a use) and disposes its
  //   resource in the background;
  // - delete(key) disposes that key's resource only (an unknown key is not an error); the signal of a creation
  //   still running for that key aborts, its reason a SingletonDisposedError naming `name[key]`;
  // - disposeAll() disposes every resource, waits for the evictions' disposals too, and if any disposal failed,
  //   rejects afterwards with an AggregateError of those failures whose message names the registry;
  // - size and has(key) report the keys held. Without a dispose option, resources are simply dropped.
  constructor(_options: KeyedSingletonOptions<T>) {
    throw new TodoError('01.2');
  }

  get size(): number {
    throw new TodoError('01.2');
  }

  has(_key: string): boolean {
    throw new TodoError('01.2');
  }

  /** The resource for `key`, created on first use and shared by concurrent callers. */
  get(_key: string): Promise<T> {
    throw new TodoError('01.2');
  }

  /** Disposes one key's resource; the next get(key) creates a new one. */
  delete(_key: string): Promise<void> {
    throw new TodoError('01.2');
  }

  /** Disposes every resource (evicted ones included) and refuses later get() calls. */
  disposeAll(): Promise<void> {
    throw new TodoError('01.2');
  }
}
