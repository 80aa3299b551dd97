import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exercise } from '../../workbook/manifest/index.js';
import { findKnownWrong, judgeKnownWrong } from '../../workbook/verify/known-wrong.js';
import type { VitestJsonReport, VitestTestResult } from '../../workbook/verify/vitest-report.js';

const root = mkdtempSync(path.join(tmpdir(), 'known-wrong-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const exercise: Exercise = {
  id: '42.1',
  title: 'Answer',
  stub: 'exercises/42-answers/01-answer.ts',
  test: 'test/exercises/42-answers/01-answer.test.ts',
  hints: ['one'],
  services: [],
  minutes: 10,
  level: 'core',
};

const test = (status: VitestTestResult['status']): VitestTestResult => ({ fullName: `a test that ${status}`, status, failureMessages: status === 'failed' ? ['expected 3'] : [] });
const report = (...statuses: VitestTestResult['status'][]): VitestJsonReport => ({
  testResults: [{ name: path.join(root, exercise.test), status: 'failed', message: '', assertionResults: statuses.map(test) }],
});

describe('known-wrong answers', () => {
  it('finds each file under test/known-wrong and the exercise its name points at', () => {
    mkdirSync(path.join(root, 'test/known-wrong/42-answers'), { recursive: true });
    writeFileSync(path.join(root, 'test/known-wrong/42-answers/01-answer.off-by-one.ts'), 'export {};\n');
    writeFileSync(path.join(root, 'test/known-wrong/42-answers/07-nothing.guess.ts'), 'export {};\n');
    expect(findKnownWrong(root, [exercise])).toEqual([
      { file: 'test/known-wrong/42-answers/01-answer.off-by-one.ts', exercise },
      { file: 'test/known-wrong/42-answers/07-nothing.guess.ts', exercise: undefined },
    ]);
  });

  const knownWrong = { file: 'test/known-wrong/42-answers/01-answer.off-by-one.ts', exercise };

  it('accepts a near miss: some tests pass, at least one fails', () => {
    expect(judgeKnownWrong(knownWrong, report('passed', 'failed', 'passed'), root)).toEqual([]);
  });

  it('fails when every test passes with the wrong answer', () => {
    expect(judgeKnownWrong(knownWrong, report('passed', 'passed'), root)).toEqual(['every test of 42.1 passes with this wrong answer: a test must catch its mistake']);
  });

  it('fails when the wrong answer passes nothing: it is not a near miss', () => {
    expect(judgeKnownWrong(knownWrong, report('failed', 'failed'), root)).toEqual([expect.stringContaining('must be a near miss')]);
  });

  it('fails when the name points at no exercise, or the test did not run', () => {
    expect(judgeKnownWrong({ file: 'test/known-wrong/42-answers/07-nothing.guess.ts', exercise: undefined }, report('failed'), root)).toEqual([expect.stringContaining('names no exercise')]);
    expect(judgeKnownWrong(knownWrong, { testResults: [] }, root)).toEqual(['test/exercises/42-answers/01-answer.test.ts did not run']);
  });
});
