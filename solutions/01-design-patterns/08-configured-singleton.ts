import { isDeepStrictEqual } from 'node:util';
import { PatternError } from '../../chapters/01-design-patterns/pattern-error.js';

/** get() was asked for the instance with options other than those it was built with. */
export class SingletonOptionsError extends PatternError {
  readonly code = 'SINGLETON_OPTIONS_CONFLICT';

  constructor(readonly singletonName: string) {
    super(`${singletonName} already exists with other options: pass the same options, or reset() it first`);
  }
}

/** One instance built from options; a caller asking with different options is told, not ignored. */
export interface ConfiguredSingleton<Options, T> {
  /** The one instance, built from `options` on the first call. */
  get(options: Options): T;
  /** Forgets the instance (for tests), so the next get() builds a new one from its own options. */
  reset(): void;
}

/**
 * A module-level holder for one synchronously built instance (a parsed config, a compiled schema, a client that
 * connects lazily), unlike a class with a static `instance` that silently ignores a second caller's options.
 *
 * @example
 * const schemas = configuredSingleton('schema registry', (opts: { strict: boolean }) => new SchemaRegistry(opts));
 * schemas.get({ strict: true }) === schemas.get({ strict: true }); // true
 * schemas.get({ strict: false }); // throws SingletonOptionsError
 */
export function configuredSingleton<Options, T>(
  name: string,
  build: (options: Options) => T,
): ConfiguredSingleton<Options, T> {
  let current: { readonly options: Options; readonly instance: T } | undefined;
  return {
    get(options) {
      if (current === undefined) {
        // Assigned only after build returns: a build that throws leaves nothing behind.
        current = { options, instance: build(options) };
      } else if (!isDeepStrictEqual(current.options, options)) {
        throw new SingletonOptionsError(name);
      }
      return current.instance;
    },
    reset() {
      current = undefined;
    },
  };
}
