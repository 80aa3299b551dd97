import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Exercise, solutionPath } from '../manifest/index.js';
import { type EquivalentMutant, MAX_EQUIVALENT_PER_EXERCISE } from './equivalent-mutants.js';
import { closureHash, isStale, MIN_SCORE, readResult } from './results.js';

/** Exercises whose tests are proven by mutating their solution (not the ones where the learner writes the tests). */
export function gradedByMutation(exercise: Exercise): boolean {
  return (exercise.grading ?? 'mutation') === 'mutation';
}

/**
 * The mutation gate, without running Stryker: each exercise's committed result must match the files its test run
 * imports today (else it names the command that re-runs it), score at least 90%, and every survivor must be a listed
 * equivalent mutant; a listing must still survive, and no solution may switch Stryker off with a comment.
 * Returns the problems, empty when the gate passes.
 */
export function checkMutationGate(
  root: string,
  exercises: readonly Exercise[],
  equivalents: readonly EquivalentMutant[],
): string[] {
  const problems: string[] = [];
  const graded = exercises.filter(gradedByMutation);
  for (const listed of equivalents) {
    if (!graded.some((exercise) => exercise.id === listed.exercise))
      problems.push(`equivalent mutant listed for unknown or ungraded exercise ${listed.exercise}`);
  }
  for (const exercise of graded) {
    const rerun = `run \`npm run mutation -- ${exercise.id}\``;
    const source = readFileSync(path.join(root, solutionPath(exercise)), 'utf8');
    if (/Stryker\s+disable/i.test(source))
      problems.push(
        `${exercise.id}: ${solutionPath(exercise)} switches Stryker off with a comment; list equivalent mutants in workbook/mutation/equivalent-mutants.ts instead`,
      );
    const result = readResult(root, exercise.id);
    if (!result) {
      problems.push(`${exercise.id}: no mutation result in workbook/mutation/results/; ${rerun}`);
      continue;
    }
    const now = closureHash(root, exercise);
    if (isStale(result, now)) {
      const changed = [...new Set([...Object.keys(now.files), ...Object.keys(result.files)])].filter(
        (file) => now.files[file] !== result.files[file],
      );
      if (changed.length === 0) changed.push(`${solutionPath(exercise)}, where its survivors are located`);
      problems.push(
        `${exercise.id}: changed since its mutation run (${changed.slice(0, 4).join(', ')}${changed.length > 4 ? ', ...' : ''}); ${rerun}`,
      );
      continue;
    }
    if (result.score < MIN_SCORE) {
      problems.push(
        `${exercise.id}: mutation score ${(result.score * 100).toFixed(1)}% is under ${MIN_SCORE * 100}% (${result.survived + result.noCoverage} of ${result.mutants} survived); see artifacts/mutation/ after ${rerun}`,
      );
    }
    const listed = equivalents.filter((entry) => entry.exercise === exercise.id);
    if (listed.length > MAX_EQUIVALENT_PER_EXERCISE)
      problems.push(
        `${exercise.id}: ${listed.length} equivalent mutants listed, at most ${MAX_EQUIVALENT_PER_EXERCISE}`,
      );
    for (const survivor of result.survivors) {
      if (!listed.some((entry) => entry.location === survivor.location && entry.mutator === survivor.mutator)) {
        problems.push(
          `${exercise.id}: survivor not killed and not listed as equivalent: ${survivor.location} ${survivor.mutator} -> ${survivor.replacement.replace(/\s+/g, ' ').slice(0, 60)}`,
        );
      }
    }
    for (const entry of listed) {
      if (
        !result.survivors.some((survivor) => survivor.location === entry.location && survivor.mutator === entry.mutator)
      ) {
        problems.push(
          `${exercise.id}: listed equivalent mutant no longer survives (remove it): ${entry.location} ${entry.mutator}`,
        );
      }
      if (!entry.reason.trim())
        problems.push(`${exercise.id}: equivalent mutant ${entry.location} ${entry.mutator} has no reason`);
    }
  }
  return problems;
}
