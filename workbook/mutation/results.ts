import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importClosure } from '../import-closure.js';
import { type Exercise, solutionPath } from '../manifest/index.js';

/** The gate's bar: Stryker's total mutation score, per exercise. */
export const MIN_SCORE = 0.9;

/** A mutant that no test killed: it survived, or no test ran the code it changed. */
export interface Survivor {
  /** `solutions/NN-topic/MM-slug.ts:LINE:COLUMN`, 1-based. */
  readonly location: string;
  readonly mutator: string;
  readonly replacement: string;
  readonly status: 'Survived' | 'NoCoverage';
}

/** What one mutation run found for one exercise, committed as workbook/mutation/results/<id>.json. */
export interface MutationResult {
  readonly exercise: string;
  /** Hash of every file the exercise's test run imports (solution, test, and their import closure). */
  readonly hash: string;
  /** The same files one by one, so the gate can name what changed. */
  readonly files: Record<string, string>;
  readonly mutants: number;
  readonly killed: number;
  readonly timedOut: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Mutants that did not compile or crashed the runner: Stryker leaves them out of the score. */
  readonly invalid: number;
  /** (killed + timed out) / (killed + timed out + survived + no coverage). */
  readonly score: number;
  readonly survivors: readonly Survivor[];
  readonly stryker: string;
  readonly at: string;
}

export const resultsDir = (root: string): string => path.join(root, 'workbook', 'mutation', 'results');

export function resultFile(root: string, id: string): string {
  return path.join(resultsDir(root), `${id}.json`);
}

export function readResult(root: string, id: string): MutationResult | undefined {
  const file = resultFile(root, id);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as MutationResult) : undefined;
}

export function writeResult(root: string, result: MutationResult): void {
  mkdirSync(resultsDir(root), { recursive: true });
  writeFileSync(resultFile(root, result.exercise), `${JSON.stringify(result, null, 2)}\n`);
}

/**
 * Hashes what an exercise's test run imports against solutions/: the test file, the solution, and everything they
 * reach (chapters, platform, test/support). Line endings are normalised so a Windows checkout hashes the same.
 */
export function closureHash(root: string, exercise: Exercise): { hash: string; files: Record<string, string> } {
  const { files } = importClosure([exercise.test, solutionPath(exercise)], { root, exercises: 'solutions' });
  const perFile: Record<string, string> = {};
  for (const file of [...files.keys()].sort()) perFile[file] = sha256(files.get(file)!.replace(/\r\n/g, '\n'));
  const hash = sha256(Object.entries(perFile).map(([file, digest]) => `${file}\0${digest}\n`).join(''));
  return { hash, files: perFile };
}

export function scoreOf(counts: Pick<MutationResult, 'killed' | 'timedOut' | 'survived' | 'noCoverage'>): number {
  const detected = counts.killed + counts.timedOut;
  const total = detected + counts.survived + counts.noCoverage;
  return total === 0 ? 1 : detected / total;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
