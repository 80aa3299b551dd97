import { TodoError } from '../../workbook/todo-error.js';

/** What a build function gets: a sequence number and a run tag that together are unique, and a helper to join them. */
export interface SequenceContext {
  /** 1, 2, 3... per factory. */
  readonly sequence: number;
  /** Random per factory: two factories (two test files, two workers) never share it. */
  readonly runTag: string;
  /** `${prefix}-${runTag}-${sequence}`. */
  unique(prefix: string): string;
}

/** A trait: fields to apply on top of the base, fixed or computed from the same build's context. */
export type Trait<T> = Partial<T> | ((context: SequenceContext) => Partial<T>);

export interface FactoryOptions<T> {
  readonly traits?: Readonly<Record<string, Trait<T>>>;
  /** Fix the tag (for a readable snapshot); default: 6 random hex characters. */
  readonly runTag?: string;
}

export interface Factory<T> {
  /** One object: base, then each named trait in order, then `overrides`. */
  build(overrides?: Partial<T>, traits?: readonly string[]): T;
  /** `count` objects, each with its own sequence number. */
  buildList(count: number, overrides?: Partial<T>, traits?: readonly string[]): T[];
}

/** A trait name the factory does not define. */
export class UnknownTraitError extends Error {
  override readonly name = 'UnknownTraitError';
  readonly code = 'UNKNOWN_TRAIT';
}

/**
 * Defines a test-data factory whose values are unique by construction, without reading the clock: a frozen
 * `Date.now()` changes nothing, and two factories made in the same millisecond still differ.
 */
// TODO(05.1): return a Factory such that:
// - the run tag is `options.runTag` when given, else 6 random hex characters, fixed for the factory's lifetime;
// - each build gets the next sequence number of its factory (1, 2, 3...), and the base and every trait of that build
//   see the same context, whose unique(prefix) is `${prefix}-${runTag}-${sequence}`;
// - build(overrides, traits) returns the base's fields, then each named trait's in the order given (a trait is fields,
//   or a function of the context returning fields), then the overrides: later ones win;
// - a trait name the factory does not define throws UnknownTraitError (`unknown trait "<name>"; this factory
//   defines: admin, unverified`, or `defines: (none)`) before anything is built: base is not called and no
//   sequence number is used;
// - buildList(count, overrides, traits) returns `count` builds in sequence order (0 gives []); a count that is not a
//   whole number >= 0 throws a RangeError that names it.
export function defineFactory<T extends object>(
  _base: (context: SequenceContext) => T,
  _options: FactoryOptions<T> = {},
): Factory<T> {
  throw new TodoError('05.1');
}
