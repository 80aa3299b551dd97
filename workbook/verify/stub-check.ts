import path from 'node:path';
import type { Exercise } from '../manifest/index.js';
import { todoErrorSignature } from '../todo-error.js';
import type { VitestJsonReport } from './vitest-report.js';

export interface StubCheck {
  readonly exercise: Exercise;
  /** Empty when the untouched stub fails every test and its TodoError is among the failures. */
  readonly problems: readonly string[];
}

/**
 * Judges a vitest run of the exercise tests against the untouched stubs. Each test file must fail every one of its
 * tests, and the stub's own TodoError must be among the failures: a file that fails only for another reason (a
 * missing service, a typo in the test) proves nothing about the exercise.
 */
export function checkStubRun(report: VitestJsonReport, exercises: readonly Exercise[], root: string): StubCheck[] {
  return exercises.map((exercise) => {
    const file = report.testResults.find((result) => path.resolve(result.name) === path.resolve(root, exercise.test));
    if (!file) return { exercise, problems: [`${exercise.test} did not run`] };
    const signature = todoErrorSignature(exercise.id);
    const problems: string[] = [];
    if (file.assertionResults.length === 0) {
      problems.push(
        `${exercise.test} has no test that ran against the stub${file.message ? `: ${firstLine(file.message)}` : ''}`,
      );
      return { exercise, problems };
    }
    for (const test of file.assertionResults) {
      if (test.status === 'passed') problems.push(`passes on the untouched stub: "${test.fullName}"`);
      else if (test.status !== 'failed')
        problems.push(`did not run against the stub (${test.status}): "${test.fullName}"`);
    }
    const failures = file.assertionResults.flatMap((test) => test.failureMessages ?? []);
    if (!failures.some((message) => message.includes(signature))) {
      const example = failures[0] ? ` (first failure: ${firstLine(failures[0])})` : '';
      problems.push(`no failure comes from the stub's TodoError ${exercise.id}${example}`);
    }
    return { exercise, problems };
  });
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 200) ?? '';
}
