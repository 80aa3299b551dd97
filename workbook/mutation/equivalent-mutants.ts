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

  // 02-architecture

  // 03-security

  // 04-performance

  // 05-testing

  // 06-microservices

  // 07-database

  // 08-production
];
