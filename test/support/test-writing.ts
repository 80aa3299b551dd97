/**
 * The test of an exercise where the learner writes the tests (manifest `grading: 'wrong-implementations'`). It runs
 * the learner's test file (exercises/, or solutions/ under verify) against the correct module, where every test must
 * pass, and against each wrong implementation kept beside it, where at least one test must fail. Run against the
 * reference tests, it also checks each wrong implementation is a near miss: it passes at least half of them.
 *
 * @example
 * // test/exercises/05-testing/09-retrying-client.test.ts
 * describeTestWritingExercise('05.9');
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findExercise, solutionPath } from '../../workbook/manifest/index.js';
import {
  gradeTestFile,
  implementationsIn,
  subjectDir,
  subjectSpecifier,
  tally,
  type ImplementationRun,
} from '../../workbook/test-writing/grade.js';
import { TodoError } from '../../workbook/todo-error.js';
import { slowDeadline, slowTimeout } from './slow-tests.js';

export function describeTestWritingExercise(id: string): void {
  const exercise = findExercise(id);
  if (!exercise || exercise.grading !== 'wrong-implementations') {
    throw new Error(`${id} is not an exercise graded by wrong implementations in the manifest`);
  }
  const reference = process.env.WORKBOOK_TARGET === 'solutions';
  const testFile = reference ? solutionPath(exercise) : exercise.stub;
  const implementations = implementationsIn(subjectDir(exercise.stub));
  const runs = new Map<string, ImplementationRun>();
  /** The untouched stub has no test that runs (only todos): every check fails with the exercise's TodoError. */
  const requireTests = (run: ImplementationRun | undefined): void => {
    const { passed, failed } = tally(run);
    if (passed + failed > 0 || run?.loadErrors.length) return;
    const todo = new TodoError(id);
    todo.message = `Exercise ${id} is not solved yet: ${testFile} has no tests. Write tests with it(...) that pin the module's contract. Stuck? Run \`npm run workbook -- hint ${id}\`.`;
    throw todo;
  };

  describe(`${id}: the tests in ${testFile}`, () => {
    beforeAll(async () => {
      const graded = await gradeTestFile({
        testFile,
        specifier: subjectSpecifier(exercise.stub),
        implementations,
        signal: AbortSignal.timeout(slowDeadline(40_000)),
      });
      for (const run of graded) runs.set(run.implementation, run);
    }, slowTimeout(45_000));

    it('pass against the correct implementation', () => {
      const run = runs.get('correct');
      requireTests(run);
      const { passed, total } = tally(run);
      expect(run?.loadErrors ?? [], 'your test file did not load').toEqual([]);
      const failing = (run?.tests ?? []).filter((t) => t.state === 'failed').map((t) => `${t.name}: ${t.error ?? ''}`);
      expect(
        failing,
        'these tests fail against the correct implementation, so they check something the contract does not say',
      ).toEqual([]);
      expect(passed, 'skipped or todo tests do not count').toBe(total);
    });

    for (const wrong of implementations.filter((i) => i.name !== 'correct')) {
      it(`catch the wrong implementation "${wrong.name}"`, () => {
        const run = runs.get(wrong.name);
        requireTests(run);
        const { passed, failed, total } = tally(run);
        expect(
          failed,
          `none of your tests fails on an implementation where: ${wrong.mistake ?? wrong.name}`,
        ).toBeGreaterThan(0);
        if (reference) {
          // Only a near miss teaches something: a wrong implementation that fails most tests is caught by any test.
          expect(
            passed * 2,
            `${wrong.name} must pass at least half of the reference tests (it passes ${passed} of ${total})`,
          ).toBeGreaterThanOrEqual(total);
        }
      });
    }
  });
}
