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

// Every payload a learner can open is proved here: written to disk as StackBlitz would, with the workbook's own
// node_modules (nothing is installed), its test must fail on the stub and pass once the solution is dropped in.
const workspace = mkdtempSync(path.join(tmpdir(), 'stackblitz-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

async function runPayload(dir: string, exercise: Exercise): Promise<VitestJsonReport> {
  const output = path.join(dir, 'report.json');
  await runVitest({
    args: ['run', exercise.test, '--root', dir, '--reporter=json', `--outputFile.json=${output}`],
    output: 'ignore',
  });
  return JSON.parse(readFileSync(output, 'utf8')) as VitestJsonReport;
}

const statuses = (report: VitestJsonReport): string[] => report.testResults.flatMap((f) => f.assertionResults.map((t) => t.status));

describe('StackBlitz payloads', () => {
  const runnable = exercises.filter(supportsStackBlitz);

  it('exist for every exercise that needs no service', () => {
    expect(runnable.length).toBeGreaterThan(0);
  });

  it.concurrent.each(runnable.map((exercise) => [exercise.id, exercise] as const))(
    '%s: the payload fails on the stub and passes with the solution',
    async (_id, exercise) => {
      const project = buildPayload(exercise);
      const dir = path.join(workspace, exercise.id);
      for (const [file, content] of Object.entries(project.files)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), content);
      }
      symlinkSync(fromRoot('node_modules'), path.join(dir, 'node_modules'), 'junction');
      expect(Object.keys(project.files)).toEqual(expect.arrayContaining([exercise.stub, exercise.test, 'package.json']));

      const onStub = await runPayload(dir, exercise);
      expect(statuses(onStub).length).toBeGreaterThan(0);
      expect(statuses(onStub).every((status) => status === 'failed')).toBe(true);
      expect(JSON.stringify(onStub)).toContain(todoErrorSignature(exercise.id));

      writeFileSync(path.join(dir, exercise.stub), readFileSync(fromRoot(solutionPath(exercise)), 'utf8'));
      const onSolution = await runPayload(dir, exercise);
      expect(statuses(onSolution).every((status) => status === 'passed')).toBe(true);
      expect(statuses(onSolution).length).toBe(statuses(onStub).length);
    },
    60_000,
  );

  it('refuses an exercise that needs a service', () => {
    const needsRedis: Exercise = { ...runnable[0]!, id: '99.1', services: ['redis'] };
    expect(() => buildPayload(needsRedis)).toThrow(PayloadError);
    expect(() => buildPayload(needsRedis)).toThrow(/needs redis, which StackBlitz cannot provide/);
  });
});
