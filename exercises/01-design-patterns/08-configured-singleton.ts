import { PatternError } from '../../chapters/01-design-patterns/pattern-error.js';
import { TodoError } from '../../workbook/todo-error.js';

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
  _name: string,
  _build: (options: Options) => T,
): ConfiguredSingleton<Options, T> {
  // TODO(01.8): the contract of the holder:
  // - configuredSingleton itself builds nothing; the first get(options) calls build(options) once and returns its
  //   result;
  // - a later get() whose options are equal by value (a different object with the same contents, nested ones
  //   included) returns that same instance without building again;
  // - a later get() with options that differ anywhere throws SingletonOptionsError carrying `name`, and builds nothing;
  // - if build throws, get() throws that error and nothing is kept: the next get() builds, with its own options;
  // - reset() forgets the instance: the next get() builds a new one from the options it is given.
  throw new TodoError('01.8');
}
