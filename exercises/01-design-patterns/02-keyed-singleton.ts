import { TodoError } from '../../workbook/todo-error.js';

export interface KeyedSingletonOptions<T> {
  /** Names the registry in error messages. */
  readonly name?: string;
  /** Creates the resource for one key; the signal aborts if that key is evicted or disposed mid-creation. */
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
  // - constructor: RangeError if maxSize is given and is not a whole number >= 1;
  // - get(key): concurrent callers of one key share one creation and one value; a failed creation is not
  //   remembered and leaves no entry behind (size and has(key) do not count it); after disposeAll() get() rejects
  //   with the chapter's SingletonDisposedError;
  // - maxSize: adding a key beyond it evicts the least recently USED key (a get() counts as a use) and disposes its
  //   resource; disposeAll() waits for those disposals too, and reports their failures;
  // - delete(key) disposes that key's resource only; size and has(key) report the keys held.
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
