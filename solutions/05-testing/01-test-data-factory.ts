import { randomBytes } from 'node:crypto';

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

/** Defines a test-data factory whose values are unique by construction (a counter and a random tag, no clock). */
export function defineFactory<T extends object>(
  base: (context: SequenceContext) => T,
  options: FactoryOptions<T> = {},
): Factory<T> {
  const runTag = options.runTag ?? randomBytes(3).toString('hex');
  const traits = options.traits ?? {};
  let sequence = 0;

  function build(overrides: Partial<T> = {}, names: readonly string[] = []): T {
    for (const name of names) {
      if (!Object.hasOwn(traits, name)) {
        throw new UnknownTraitError(
          `unknown trait "${name}"; this factory defines: ${Object.keys(traits).join(', ') || '(none)'}`,
        );
      }
    }
    sequence += 1;
    const context: SequenceContext = { sequence, runTag, unique: (prefix) => `${prefix}-${runTag}-${sequence}` };
    let value: T = base(context);
    for (const name of names) {
      const trait = traits[name]!;
      value = { ...value, ...(typeof trait === 'function' ? trait(context) : trait) };
    }
    return { ...value, ...overrides };
  }

  return {
    build,
    buildList(count, overrides, names) {
      if (!Number.isInteger(count) || count < 0)
        throw new RangeError(`buildList takes a whole number >= 0, not ${count}`);
      return Array.from({ length: count }, () => build(overrides, names));
    },
  };
}
