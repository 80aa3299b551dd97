import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyKnownWrong, KnownWrongError, parseKnownWrongPath } from '../known-wrong.js';
import { fromRoot, root } from '../paths.js';
import { runVitest } from '../run-vitest.js';
import type { KnownWrongBatchSpec } from './known-wrong-batch.config.js';
import { judgeKnownWrong, type KnownWrong } from './known-wrong.js';
import type { PerProjectReport } from './per-project-report.js';

/**
 * Judges a batch of known-wrong answers in one vitest process (one project per patch, known-wrong-batch.config.ts),
 * returning each patch's problems (empty when its exercise test rejects it as it should). A patch that no longer
 * applies, or names no exercise, is judged without running anything.
 */
export async function judgeKnownWrongBatch(
  batch: readonly KnownWrong[],
  workDir: string,
  name: string,
): Promise<Map<string, string[]>> {
  const problems = new Map<string, string[]>();
  const projects: KnownWrongBatchSpec['projects'][number][] = [];
  for (const knownWrong of batch) {
    if (!knownWrong.exercise) {
      problems.set(knownWrong.file, judgeKnownWrong(knownWrong, { testResults: [] }, root));
      continue;
    }
    try {
      const applied = applyKnownWrong(root, knownWrong.file);
      const { chapter, module } = parseKnownWrongPath(knownWrong.file);
      projects.push({
        patch: knownWrong.file,
        test: knownWrong.exercise.test,
        exerciseImport: `#exercise/${chapter}/${module}`,
        applied,
      });
    } catch (error) {
      if (!(error instanceof KnownWrongError)) throw error;
      problems.set(knownWrong.file, [error.message]);
    }
  }
  if (projects.length === 0) return problems;

  const spec: KnownWrongBatchSpec = { reportFile: path.join(workDir, `${name}.report.json`), projects };
  const specFile = path.join(workDir, `${name}.batch.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const run = await runVitest({
    args: ['run', '--config', fromRoot('workbook/verify/known-wrong-batch.config.ts'), '--maxWorkers=2'],
    env: { WORKBOOK_KNOWN_WRONG_BATCH: specFile },
    output: 'ignore',
  });
  const report = readReport(spec.reportFile, run.stderr);
  for (const knownWrong of batch) {
    if (problems.has(knownWrong.file)) continue;
    problems.set(knownWrong.file, judgeKnownWrong(knownWrong, report[knownWrong.file] ?? { testResults: [] }, root));
  }
  return problems;
}

function readReport(file: string, stderr: string): PerProjectReport {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PerProjectReport;
  } catch (error) {
    throw new Error(`vitest wrote no readable report to ${file}; it said:\n${stderr}`, { cause: error });
  }
}
