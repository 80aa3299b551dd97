import { z } from 'zod';
import type { Logger } from './logger.js';
import { PatternError } from './pattern-error.js';

// #region kind-types
/** One kind of logger: the schema its options must pass, and how to build it from the parsed options. */
export interface LoggerKind<Schema extends z.ZodType, Product extends Logger = Logger> {
  readonly options: Schema;
  create(options: z.output<Schema>): Product;
}

export type AnyLoggerKind = LoggerKind<z.ZodType, Logger>;
/** Kind name to kind definition; the factory's type parameter grows with every `register`. */
export type LoggerKinds = Record<string, AnyLoggerKind>;

/** Mapped from the schema: what a caller passes for kind `K` (defaults may be left out). */
export type OptionsOf<Kinds extends LoggerKinds, K extends keyof Kinds> = z.input<Kinds[K]['options']>;
/** What `create(K, ...)` returns: the concrete product, not just `Logger`. */
export type ProductOf<Kinds extends LoggerKinds, K extends keyof Kinds> = ReturnType<Kinds[K]['create']>;

/** Options may be omitted when every option of the kind is optional. */
type OptionsArgument<Options> = Partial<Options> extends Options ? [options?: Options] : [options: Options];
// #endregion kind-types

export class UnknownLoggerKindError extends PatternError {
  readonly code = 'LOGGER_KIND_UNKNOWN';

  constructor(
    readonly kind: string,
    readonly knownKinds: readonly string[],
  ) {
    super(`unknown logger kind "${kind}": known kinds are ${knownKinds.join(', ') || '(none registered)'}`);
  }
}

export class DuplicateLoggerKindError extends PatternError {
  readonly code = 'LOGGER_KIND_DUPLICATE';

  constructor(readonly kind: string) {
    super(`logger kind "${kind}" is already registered: pick another name for the new kind`);
  }
}

export class InvalidLoggerOptionsError extends PatternError {
  readonly code = 'LOGGER_OPTIONS_INVALID';
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(
    readonly kind: string,
    error: z.ZodError,
  ) {
    super(`invalid options for logger kind "${kind}":\n${z.prettifyError(error)}`, { cause: error });
    this.issues = error.issues;
  }
}

// #region factory
/**
 * Builds loggers by kind. Kinds are registered from outside, so adding one never edits this class, and each
 * `register` returns a new factory whose type knows the new kind and its options.
 *
 * @example
 * const loggers = new LoggerFactory().register('console', consoleLoggerKind).register('file', fileLoggerKind);
 * const logger = loggers.create('file', { path: '/var/log/app.log' }); // typed: FileLogger
 */
export class LoggerFactory<Kinds extends LoggerKinds = Record<never, never>> {
  readonly #kinds: ReadonlyMap<string, AnyLoggerKind>;

  constructor(kinds: ReadonlyMap<string, AnyLoggerKind> = new Map()) {
    this.#kinds = kinds;
  }

  /** A new factory that also knows `kind`. The original is unchanged. */
  register<K extends string, S extends z.ZodType, P extends Logger>(
    kind: K,
    definition: LoggerKind<S, P>,
  ): LoggerFactory<Kinds & Record<K, LoggerKind<S, P>>> {
    if (this.#kinds.has(kind)) throw new DuplicateLoggerKindError(kind);
    return new LoggerFactory<Kinds & Record<K, LoggerKind<S, P>>>(new Map([...this.#kinds, [kind, definition]]));
  }

  /** Creates a logger of a registered kind; the options are type-checked here and validated at run time. */
  create<K extends keyof Kinds & string>(
    kind: K,
    ...[options]: OptionsArgument<OptionsOf<Kinds, K>>
  ): ProductOf<Kinds, K> {
    return this.createFromConfig(kind, options) as ProductOf<Kinds, K>;
  }

  /** For a kind named in configuration (`LOG_KIND=file`): the kind and options are checked at run time only. */
  createFromConfig(kind: string, options: unknown = {}): Logger {
    const definition = this.#kinds.get(kind);
    if (definition === undefined) throw new UnknownLoggerKindError(kind, this.kinds());
    // Validate now, at creation: a bad path must fail at start-up, not at the first log line an hour later.
    const parsed = definition.options.safeParse(options);
    if (!parsed.success) throw new InvalidLoggerOptionsError(kind, parsed.error);
    return definition.create(parsed.data);
  }

  /** Registered kind names, sorted. */
  kinds(): string[] {
    return [...this.#kinds.keys()].sort();
  }
}
// #endregion factory
