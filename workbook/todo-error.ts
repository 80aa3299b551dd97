/**
 * The one error every exercise stub throws until the learner replaces it.
 * `npm run verify` looks for it among a stub's test failures, so a stub that fails for any other reason is caught.
 *
 * @example
 * export function createCounter(): Counter {
 *   throw new TodoError('01.1');
 * }
 */
// Not a CodedError on purpose: every exercise stub imports this file, so it stays a module with no imports of its own.
// A stub's import closure (what the StackBlitz payload carries and what a mutation result is keyed on) is then the
// stub and the chapter code it uses, and changing the error root never touches every exercise at once.
export class TodoError extends Error {
  override readonly name = 'TodoError';
  readonly code = 'EXERCISE_TODO';

  constructor(readonly exerciseId: string) {
    super(
      `Exercise ${exerciseId} is not solved yet: replace this TodoError with your code. ` +
        `Stuck? Run \`npm run workbook -- hint ${exerciseId}\`.`,
    );
  }
}

/** Text that identifies a TodoError in a test failure (error name plus the exercise id). */
export function todoErrorSignature(exerciseId: string): string {
  return `TodoError: Exercise ${exerciseId} is not solved yet`;
}
