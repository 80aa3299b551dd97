import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from '../manifest/index.js';
import type { VitestJsonReport } from './vitest-report.js';

/** A plausible wrong answer kept in the workbook: test/known-wrong/NN-topic/MM-slug.<mistake>.patch. */
export interface KnownWrong {
  /** Repository-relative path. */
  readonly file: string;
  readonly exercise: Exercise | undefined;
}

export const KNOWN_WRONG_DIR = 'test/known-wrong';

export function findKnownWrong(root: string, exercises: readonly Exercise[]): KnownWrong[] {
  const found: KnownWrong[] = [];
  let chapters: string[];
  try {
    chapters = readdirSync(path.join(root, KNOWN_WRONG_DIR)).sort();
  } catch {
    return found;
  }
  for (const chapter of chapters) {
    for (const name of readdirSync(path.join(root, KNOWN_WRONG_DIR, chapter)).sort()) {
      if (!name.endsWith('.patch')) continue;
      const module = name.split('.')[0]!;
      found.push({
        file: `${KNOWN_WRONG_DIR}/${chapter}/${name}`,
        exercise: exercises.find((exercise) => exercise.stub === `exercises/${chapter}/${module}.ts`),
      });
    }
  }
  return found;
}

/**
 * Judges one run of an exercise's test file against a known-wrong answer: the file must fail (at least one test),
 * and the answer must be a near miss, passing at least one test, so it proves a specific test catches its mistake.
 */
export function judgeKnownWrong(knownWrong: KnownWrong, report: VitestJsonReport, root: string): string[] {
  const exercise = knownWrong.exercise;
  if (!exercise)
    return [
      `${knownWrong.file} names no exercise (expected test/known-wrong/NN-topic/MM-slug.<mistake>.patch for a stub in the manifest)`,
    ];
  const file = report.testResults.find((result) => path.resolve(result.name) === path.resolve(root, exercise.test));
  if (!file) return [`${exercise.test} did not run`];
  if (file.assertionResults.length === 0)
    return [`${exercise.test} ran no test against it${file.message ? `: ${file.message.split('\n')[0]}` : ''}`];
  const passed = file.assertionResults.filter((test) => test.status === 'passed').length;
  const failed = file.assertionResults.filter((test) => test.status === 'failed').length;
  const problems: string[] = [];
  if (failed === 0)
    problems.push(`every test of ${exercise.id} passes with this wrong answer: a test must catch its mistake`);
  if (passed === 0)
    problems.push(
      `no test of ${exercise.id} passes with it: a known-wrong answer must be a near miss, passing at least one test`,
    );
  return problems;
}
