/**
 * `npm run mutation [-- <id>... | --changed]`: mutation-tests exercise solutions against their own tests with StrykerJS.
 * Every mutant of `solutions/NN-topic/MM-slug.ts` runs that exercise's test file only (per-test coverage, the
 * `solution` condition, workbook/mutation/vitest.config.ts). Prints one line per exercise, writes
 * workbook/mutation/results/<id>.json (committed: verify's gate reads it) and an HTML report in artifacts/mutation/.
 * Without ids it runs every exercise (about 40 minutes on 2 cores); `--changed` runs those whose files changed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LogLevel } from '@stryker-mutator/api/core';
import { Stryker } from '@stryker-mutator/core';
import { exercises, findExercise, solutionPath, type Exercise } from '../manifest/index.js';
import { fromRoot, relativeToRoot, root } from '../paths.js';
import { UsageError } from '../usage-error.js';
import { gradedByMutation } from './gate.js';
import {
  closureHash,
  isStale,
  MIN_SCORE,
  readResult,
  scoreOf,
  type MutationResult,
  type Survivor,
  writeResult,
} from './results.js';

type StrykerResult = Awaited<ReturnType<Stryker['runMutationTest']>>[number];

function selectExercises(args: readonly string[]): Exercise[] {
  const graded = exercises.filter(gradedByMutation);
  if (args.includes('--changed')) {
    return graded.filter((exercise) => {
      const result = readResult(root, exercise.id);
      return !result || isStale(result, closureHash(root, exercise));
    });
  }
  if (args.length === 0) return graded;
  return args.map((id) => {
    const exercise = findExercise(id);
    if (!exercise || !gradedByMutation(exercise)) {
      throw new UsageError(
        `Unknown or ungraded exercise id "${id}". Valid ids: ${graded.map((e) => e.id).join(', ')}.`,
      );
    }
    return exercise;
  });
}

async function mutate(batch: readonly Exercise[]): Promise<StrykerResult[]> {
  // Read by workbook/mutation/vitest.config.ts in Stryker's test-runner processes.
  process.env.WORKBOOK_MUTATION_TESTS = batch.map((exercise) => exercise.test).join(',');
  process.env.WORKBOOK_MUTATION_MONGO = batch.some((exercise) => exercise.services.includes('mongo')) ? '1' : '';
  const reportName = batch.length === 1 ? batch[0]!.id : 'report';
  const tempDirName = path.join('.stryker-tmp', `run-${process.pid}`);
  mkdirSync(fromRoot('artifacts', 'mutation'), { recursive: true });
  try {
    return await new Stryker({
      testRunner: 'vitest',
      plugins: ['@stryker-mutator/vitest-runner'],
      vitest: { configFile: 'workbook/mutation/vitest.config.ts' },
      coverageAnalysis: 'perTest',
      mutate: batch.map(solutionPath),
      reporters: ['html'],
      htmlReporter: { fileName: `artifacts/mutation/${reportName}.html` },
      tempDirName,
      cleanTempDir: 'always',
      // The sandbox copies the repository: leave out what no exercise test reads (deploy/ stays: 08.5 reads a manifest).
      ignorePatterns: [
        'docs',
        'artifacts',
        'dist',
        '.workbook',
        '.known-wrong',
        'loadtest',
        'bench',
        '.stryker-tmp',
        'capstone',
      ],
      concurrency: Number(process.env.WORKBOOK_MUTATION_CONCURRENCY ?? 2),
      // Generous: on a busy machine a slow mutant must not pass for an endless loop (a timeout counts as killed).
      timeoutMS: 20_000,
      timeoutFactor: 3,
      logLevel: 'warn' satisfies `${LogLevel}` as LogLevel,
    }).runMutationTest();
  } finally {
    rmSync(fromRoot(tempDirName), { recursive: true, force: true });
  }
}

function summarise(
  exercise: Exercise,
  results: readonly StrykerResult[],
  closure: ReturnType<typeof closureHash>,
): MutationResult {
  const solution = solutionPath(exercise);
  const mine = results.filter((result) => relativeToRoot(path.resolve(root, result.fileName)) === solution);
  const count = (status: string): number => mine.filter((result) => result.status === status).length;
  const counts = {
    killed: count('Killed'),
    timedOut: count('Timeout'),
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
  };
  const survivors: Survivor[] = mine
    .filter(
      (result): result is StrykerResult & { status: Survivor['status'] } =>
        result.status === 'Survived' || result.status === 'NoCoverage',
    )
    .map((result) => ({
      location: `${solution}:${result.location.start.line}:${result.location.start.column}`,
      mutator: result.mutatorName,
      replacement: result.replacement ?? '',
      status: result.status,
    }))
    .sort((a, b) => a.location.localeCompare(b.location, 'en', { numeric: true }));
  return {
    exercise: exercise.id,
    ...closure,
    mutants: mine.length,
    ...counts,
    invalid: count('CompileError') + count('RuntimeError'),
    score: Number(scoreOf(counts).toFixed(4)),
    survivors,
    stryker: strykerVersion(),
    at: new Date().toISOString(),
  };
}

function strykerVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('@stryker-mutator/core/package.json') as { version: string }).version;
}

async function main(): Promise<void> {
  const batch = selectExercises(process.argv.slice(2).filter((arg) => arg !== '--'));
  if (batch.length === 0) {
    console.log("Nothing to mutate: every exercise's result matches its files.");
    return;
  }
  console.log(`Mutating ${batch.length} solution(s): ${batch.map((e) => e.id).join(', ')}`);
  const started = Date.now();
  // Hashed before Stryker copies the files: a file edited during the run must leave the result stale, not fresh.
  const closures = new Map(batch.map((exercise) => [exercise.id, closureHash(root, exercise)]));
  const results = await mutate(batch);
  console.log(
    `\n${'id'.padEnd(6)} ${'mutants'.padStart(7)} ${'killed'.padStart(6)} ${'survived'.padStart(8)} ${'score'.padStart(7)}`,
  );
  let low = 0;
  for (const exercise of batch) {
    const result = summarise(exercise, results, closures.get(exercise.id)!);
    writeResult(root, result);
    const killed = result.killed + result.timedOut;
    const survived = result.survived + result.noCoverage;
    const flag = result.score < MIN_SCORE ? '  < 90%' : '';
    if (flag) low += 1;
    console.log(
      `${exercise.id.padEnd(6)} ${String(result.mutants).padStart(7)} ${String(killed).padStart(6)} ${String(survived).padStart(8)} ${(result.score * 100).toFixed(1).padStart(6)}%${flag}`,
    );
    for (const survivor of result.survivors)
      console.log(
        `         ${survivor.status === 'NoCoverage' ? 'no coverage' : 'survived'}: ${survivor.location} ${survivor.mutator} -> ${oneLine(survivor.replacement)}`,
      );
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(
    `\n${batch.length} exercise(s), ${low} under ${MIN_SCORE * 100}%, in ${minutes} min. Results in workbook/mutation/results/, HTML in artifacts/mutation/.`,
  );
  process.exitCode = low === 0 ? 0 : 1;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
