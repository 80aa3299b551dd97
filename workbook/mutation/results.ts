import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
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
  /** Hash of every file the exercise's test run imports (solution, test, and their import closure), by what runs. */
  readonly hash: string;
  /** The same files one by one, so the gate can name what changed. */
  readonly files: Record<string, string>;
  /**
   * Hash of the solution's exact text. Survivors are located by line and column in it, so a result with survivors
   * goes stale when the text moves, even if the code that runs is the same.
   */
  readonly solutionText: string;
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
 * reach (chapters, platform, test/support). Code is hashed by what runs, not by how it is written (see `runtimeDigest`),
 * so reformatting, a comment or a type leaves a result fresh; data files are hashed byte for byte.
 */
export function closureHash(
  root: string,
  exercise: Exercise,
): { hash: string; files: Record<string, string>; solutionText: string } {
  const solution = solutionPath(exercise);
  const { files } = importClosure([exercise.test, solution], { root, exercises: 'solutions' });
  const perFile: Record<string, string> = {};
  for (const file of [...files.keys()].sort()) perFile[file] = runtimeDigest(file, files.get(file)!);
  const hash = sha256(
    Object.entries(perFile)
      .map(([file, digest]) => `${file}\0${digest}\n`)
      .join(''),
  );
  return { hash, files: perFile, solutionText: sha256(normaliseLineEndings(files.get(solution)!)) };
}

/** Whether a committed result no longer describes the files: what runs changed, or survivors' locations moved. */
export function isStale(result: MutationResult, now: ReturnType<typeof closureHash>): boolean {
  return result.hash !== now.hash || (result.survivors.length > 0 && result.solutionText !== now.solutionText);
}

const digests = new Map<string, string>();

/**
 * A file's part in a test run. For TypeScript and JavaScript: the JavaScript esbuild emits for it (tsx and vitest run
 * the same transform), with whitespace and comments left out, so only a change to the code that runs makes a result
 * stale. Anything else (a manifest, a fixture a test reads) counts byte for byte, line endings normalised.
 */
export function runtimeDigest(file: string, source: string): string {
  const text = normaliseLineEndings(source);
  const key = `${file}\0${sha256(text)}`;
  const known = digests.get(key);
  if (known) return known;
  const loader = /\.[cm]?ts$/.test(file) ? 'ts' : /\.[cm]?js$/.test(file) ? 'js' : undefined;
  const digest = sha256(
    loader
      ? transformSync(text, { loader, format: 'esm', target: 'es2022', minifyWhitespace: true, legalComments: 'none' })
          .code
      : text,
  );
  digests.set(key, digest);
  return digest;
}

function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export function scoreOf(counts: Pick<MutationResult, 'killed' | 'timedOut' | 'survived' | 'noCoverage'>): number {
  const detected = counts.killed + counts.timedOut;
  const total = detected + counts.survived + counts.noCoverage;
  return total === 0 ? 1 : detected / total;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
