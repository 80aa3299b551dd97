import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exercise } from '../../workbook/manifest/index.js';
import { fromRoot } from '../../workbook/paths.js';
import { runVitest } from '../../workbook/run-vitest.js';
import { checkStubRun } from '../../workbook/verify/stub-check.js';
import type { VitestJsonReport } from '../../workbook/verify/vitest-report.js';

// A tiny workbook in a temporary folder, run through the real vitest, so the check judges real reports.
const todoError = pathToFileURL(fromRoot('workbook/todo-error.ts')).href;
const stub = (id: string): string =>
  `import { TodoError } from '${todoError}';\nexport function answer(): number {\n  throw new TodoError('${id}');\n}\n`;

const fixtures: Record<string, { id: string; test: string }> = {
  honest: {
    id: '99.1',
    test: `import { answer } from './honest.stub.ts';\ntest('returns 42', () => { expect(answer()).toBe(42); });\n`,
  },
  'passes-on-stub': {
    id: '99.2',
    test:
      `import { answer } from './passes-on-stub.stub.ts';\n` +
      `test('returns 42', () => { expect(answer()).toBe(42); });\n` +
      `test('exports a function', () => { expect(typeof answer).toBe('function'); });\n`,
  },
  'fails-for-another-reason': {
    id: '99.3',
    test:
      `import { answer } from './fails-for-another-reason.stub.ts';\n` +
      `test('returns 42', () => { throw new Error('connect ECONNREFUSED 127.0.0.1:6379'); expect(answer()).toBe(42); });\n`,
  },
};

let dir: string;
let report: VitestJsonReport;
const exercises: Exercise[] = Object.entries(fixtures).map(([name, { id }]) => ({
  id,
  title: name,
  stub: `${name}.stub.ts`,
  test: `${name}.test.ts`,
  hints: ['a', 'b'],
  services: [],
  minutes: 10,
  level: 'core' as const,
}));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'stub-check-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, { id, test }] of Object.entries(fixtures)) {
    writeFileSync(path.join(dir, `${name}.stub.ts`), stub(id));
    writeFileSync(path.join(dir, `${name}.test.ts`), test);
  }
  const output = path.join(dir, 'report.json');
  await runVitest({
    args: ['run', '--root', dir, '--globals', '--reporter=json', `--outputFile.json=${output}`],
    output: 'ignore',
  });
  report = JSON.parse(readFileSync(output, 'utf8')) as VitestJsonReport;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problemsOf = (id: string): readonly string[] =>
  checkStubRun(report, exercises, dir).find((check) => check.exercise.id === id)?.problems ?? ['not checked'];

describe('the stub check of npm run verify', () => {
  it('accepts a stub whose every test fails with its TodoError', () => {
    expect(problemsOf('99.1')).toEqual([]);
  });

  it('names the test that passes on the untouched stub', () => {
    expect(problemsOf('99.2')).toEqual(['passes on the untouched stub: "exports a function"']);
  });

  it('rejects a stub whose tests fail only for a reason other than its TodoError', () => {
    const problems = problemsOf('99.3');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /no failure comes from the stub's TodoError 99\.3 \(first failure: Error: connect ECONNREFUSED/,
    );
  });

  it('reports an exercise whose test file did not run at all', () => {
    const missing: Exercise = { ...exercises[0]!, id: '99.9', test: 'missing.test.ts' };
    expect(checkStubRun(report, [missing], dir)[0]?.problems).toEqual(['missing.test.ts did not run']);
  });
});
