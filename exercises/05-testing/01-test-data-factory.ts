import { TodoError } from '../../workbook/todo-error.js';
// You will need it: import { randomBytes } from 'node:crypto';

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

// TODO(05.1): return a Factory whose values are unique by construction, with no clock involved:
// - runTag: options.runTag, else randomBytes(3).toString('hex'), chosen once per factory;
// - a counter per factory, +1 per build; the context's unique(prefix) is `${prefix}-${runTag}-${sequence}`;
// - build(overrides, traits): check every trait name first (UnknownTraitError naming the defined ones, and no
//   sequence number used), then base(context), then each trait in order (object, or function of the same context),
//   then overrides;
// - buildList(count, overrides, traits): count builds.
export function defineFactory<T extends object>(_base: (context: SequenceContext) => T, _options: FactoryOptions<T> = {}): Factory<T> {
  throw new TodoError('05.1');
}
