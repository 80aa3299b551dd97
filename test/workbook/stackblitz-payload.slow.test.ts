import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exercises, solutionPath, type Exercise } from '../../workbook/manifest/index.js';
import { fromRoot } from '../../workbook/paths.js';
import { runVitest } from '../../workbook/run-vitest.js';
import { buildPayload, PayloadError, supportsStackBlitz } from '../../workbook/stackblitz/payload.js';
import { todoErrorSignature } from '../../workbook/todo-error.js';
import type { VitestJsonReport } from '../../workbook/verify/vitest-report.js';
import { slowTimeout } from '../support/slow-tests.js';

// Every payload a learner can open is proved here: written to disk as StackBlitz would, with the workbook's own
// node_modules (nothing is installed), its test must fail on the stub and pass once the solution is dropped in.
// One vitest process per group of up to three exercises of a chapter runs each payload twice (a stub copy and a
// solved copy), each copy as a vitest project rooted in its own directory, with vitest's defaults as StackBlitz has
// them. Two vitest processes per exercise, as before, cost 86 start-ups: on a loaded machine that was minutes, and
// 04.7 timed out. A whole chapter per process took over 40 s for some chapters beside two CPU hogs.
const workspace = mkdtempSync(path.join(tmpdir(), 'stackblitz-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

type Side = 'stub' | 'solution';

/** Writes one payload to `<dir>`, the solution over the stub for the solved copy, with the workbook's node_modules. */
function writePayload(exercise: Exercise, dir: string, side: Side): void {
  const project = buildPayload(exercise);
  expect(Object.keys(project.files)).toEqual(expect.arrayContaining([exercise.stub, exercise.test, 'package.json']));
  for (const [file, content] of Object.entries(project.files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  if (side === 'solution')
    writeFileSync(path.join(dir, exercise.stub), readFileSync(fromRoot(solutionPath(exercise)), 'utf8'));
  symlinkSync(fromRoot('node_modules'), path.join(dir, 'node_modules'), 'junction');
}

/** Runs every copy in one vitest process; returns each copy's file results, keyed by `<id>-<side>`. */
async function runCopies(
  dir: string,
  chosen: readonly Exercise[],
): Promise<Map<string, VitestJsonReport['testResults']>> {
  const projects = chosen.flatMap((exercise) =>
    (['stub', 'solution'] as const).map((side) => {
      const name = `${exercise.id}-${side}`;
      writePayload(exercise, path.join(dir, name), side);
      return { test: { name, root: path.join(dir, name), include: [exercise.test] } };
    }),
  );
  const config = path.join(dir, 'vitest.config.mjs');
  writeFileSync(config, `export default ${JSON.stringify({ test: { projects } }, null, 2)};\n`);
  const output = path.join(dir, 'report.json');
  await runVitest({
    args: ['run', '--root', dir, '--config', config, '--reporter=json', `--outputFile.json=${output}`],
    output: 'ignore',
  });
  const report = JSON.parse(readFileSync(output, 'utf8')) as VitestJsonReport;
  const byCopy = new Map<string, VitestJsonReport['testResults']>();
  for (const file of report.testResults) {
    const copy = path.relative(dir, file.name).split(path.sep)[0] ?? '';
    byCopy.set(copy, [...(byCopy.get(copy) ?? []), file]);
  }
  return byCopy;
}

const statuses = (files: VitestJsonReport['testResults'] = []): string[] =>
  files.flatMap((f) => f.assertionResults.map((t) => t.status));

describe('StackBlitz payloads', () => {
  const runnable = exercises.filter(supportsStackBlitz);
  const groups: (readonly [string, Exercise[]])[] = [];
  for (const chapter of [...new Set(runnable.map((exercise) => exercise.id.split('.')[0] ?? ''))].sort()) {
    const inChapter = runnable
      .filter((exercise) => exercise.id.startsWith(`${chapter}.`))
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    for (let i = 0; i < inChapter.length; i += 3) {
      const group = inChapter.slice(i, i + 3);
      groups.push([group.map((exercise) => exercise.id).join(', '), group]);
    }
  }

  it('exist for every exercise that needs no service', () => {
    expect(runnable.length).toBeGreaterThan(0);
  });

  it.each(groups)(
    '%s: each payload fails on the stub and passes with the solution',
    { timeout: slowTimeout(20_000) },
    async (ids, chosen) => {
      const dir = path.join(workspace, ids.replace(/, /g, '_'));
      const results = await runCopies(dir, chosen);
      const problems: string[] = [];
      for (const exercise of chosen) {
        const onStub = results.get(`${exercise.id}-stub`);
        const onSolution = results.get(`${exercise.id}-solution`);
        if (statuses(onStub).length === 0) problems.push(`${exercise.id}: no test ran on the stub`);
        if (!statuses(onStub).every((status) => status === 'failed'))
          problems.push(`${exercise.id}: a test passed on the stub`);
        if (!JSON.stringify(onStub ?? []).includes(todoErrorSignature(exercise.id)))
          problems.push(`${exercise.id}: the stub did not throw its TodoError`);
        if (!statuses(onSolution).every((status) => status === 'passed'))
          problems.push(`${exercise.id}: a test failed with the solution`);
        if (statuses(onSolution).length !== statuses(onStub).length)
          problems.push(`${exercise.id}: stub and solution ran different tests`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('refuses an exercise that needs a service', () => {
    const needsRedis: Exercise = { ...runnable[0]!, id: '99.1', services: ['redis'] };
    expect(() => buildPayload(needsRedis)).toThrow(PayloadError);
    expect(() => buildPayload(needsRedis)).toThrow(/needs redis, which StackBlitz cannot provide/);
  });

  it('refuses an exercise where the learner writes the tests: its grader runs vitest once per implementation', () => {
    const writesTests: Exercise = { ...runnable[0]!, id: '99.2', grading: 'wrong-implementations' };
    expect(supportsStackBlitz(writesTests)).toBe(false);
    expect(() => buildPayload(writesTests)).toThrow(
      /99\.2 is graded by running your tests against wrong implementations/,
    );
  });
});
