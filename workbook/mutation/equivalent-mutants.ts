/**
 * Surviving mutants that no test can kill because they do not change behaviour (equivalent mutants), by exercise.
 * Each still counts as survived in the exercise's score; an exercise lists at most 3. The gate fails on a survivor
 * that is not listed here and on a listing whose mutant no longer survives. Prefer a clearer solution (one where the
 * mutant cannot arise) to a listing. `location` is as in workbook/mutation/results/<id>.json.
 */
export interface EquivalentMutant {
  readonly exercise: string;
  /** `solutions/NN-topic/MM-slug.ts:LINE:COLUMN`, 1-based. */
  readonly location: string;
  /** Stryker's mutator name, e.g. `ConditionalExpression`. */
  readonly mutator: string;
  /** One line: why no observable behaviour differs. */
  readonly reason: string;
}

export const MAX_EQUIVALENT_PER_EXERCISE = 3;

export const equivalentMutants: readonly EquivalentMutant[] = [
  // 01-design-patterns
  {
    exercise: '01.2',
    location: 'solutions/01-design-patterns/02-keyed-singleton.ts:93:9',
    mutator: 'ArrowFunction',
    reason:
      'Dropping a finished eviction from the set only frees memory: disposeAll() awaits a fulfilled promise at once and reports nothing for it.',
  },
  {
    exercise: '01.4',
    location: 'solutions/01-design-patterns/04-batching-logger-kind.ts:66:16',
    mutator: 'ArrowFunction',
    reason:
      'Dropping a finished send from the in-flight set only frees memory: flush() awaits a settled promise at once (its failure already went to onError).',
  },

  // 02-architecture

  // 03-security
  {
    exercise: '03.5',
    location: 'solutions/03-security/05-client-address.ts:48:33',
    mutator: 'StringLiteral',
    reason:
      'with no header, any text that is not an address reads as one garbage hop, and the walk stops at garbage exactly as it stops when no hop is left',
  },
  {
    exercise: '03.5',
    location: 'solutions/03-security/05-client-address.ts:53:32',
    mutator: 'StringLiteral',
    reason:
      'an exhausted list and a garbage hop both end the walk at the last trusted hop, so any non-address stand-in for "no hop left" behaves the same',
  },

  // 04-performance

  // 05-testing

  // 06-microservices
  {
    exercise: '06.3',
    location: 'solutions/06-microservices/03-typed-event.ts:39:44',
    mutator: 'StringLiteral',
    reason:
      'Without a parent the fallback only has to fail the traceparent pattern; any other text that is not a traceparent starts a new trace the same way.',
  },
  {
    exercise: '06.4',
    location: 'solutions/06-microservices/04-failure-rate-breaker.ts:27:26',
    mutator: 'BooleanLiteral',
    reason:
      'The flag is read only while half-open, and the circuit can reach half-open only through #open(), which sets it to false first.',
  },

  // 07-database

  // 08-production
];
