import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exercise } from '../../workbook/manifest/index.js';
import { answerExercise } from './support/answer-exercise.js';
import { applyKnownWrong, KnownWrongError, knownWrongPatch, parseKnownWrongPath } from '../../workbook/known-wrong.js';
import { findKnownWrong, judgeKnownWrong } from '../../workbook/verify/known-wrong.js';
import type { VitestJsonReport, VitestTestResult } from '../../workbook/verify/vitest-report.js';

const root = mkdtempSync(path.join(tmpdir(), 'known-wrong-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const exercise: Exercise = answerExercise;

const test = (status: VitestTestResult['status']): VitestTestResult => ({
  fullName: `a test that ${status}`,
  status,
  failureMessages: status === 'failed' ? ['expected 3'] : [],
});
const report = (...statuses: VitestTestResult['status'][]): VitestJsonReport => ({
  testResults: [
    { name: path.join(root, exercise.test), status: 'failed', message: '', assertionResults: statuses.map(test) },
  ],
});

describe('known-wrong answers', () => {
  it('finds each file under test/known-wrong and the exercise its name points at', () => {
    mkdirSync(path.join(root, 'test/known-wrong/42-answers'), { recursive: true });
    writeFileSync(path.join(root, 'test/known-wrong/42-answers/01-answer.off-by-one.patch'), 'Off by one.\n');
    writeFileSync(path.join(root, 'test/known-wrong/42-answers/07-nothing.guess.patch'), 'A guess.\n');
    writeFileSync(path.join(root, 'test/known-wrong/42-answers/README.md'), 'not a patch\n');
    expect(findKnownWrong(root, [exercise])).toEqual([
      { file: 'test/known-wrong/42-answers/01-answer.off-by-one.patch', exercise },
      { file: 'test/known-wrong/42-answers/07-nothing.guess.patch', exercise: undefined },
    ]);
  });

  const knownWrong = { file: 'test/known-wrong/42-answers/01-answer.off-by-one.patch', exercise };

  it('accepts a near miss: some tests pass, at least one fails', () => {
    expect(judgeKnownWrong(knownWrong, report('passed', 'failed', 'passed'), root)).toEqual([]);
  });

  it('fails when every test passes with the wrong answer', () => {
    expect(judgeKnownWrong(knownWrong, report('passed', 'passed'), root)).toEqual([
      'every test of 42.1 passes with this wrong answer: a test must catch its mistake',
    ]);
  });

  it('fails when the wrong answer passes nothing: it is not a near miss', () => {
    expect(judgeKnownWrong(knownWrong, report('failed', 'failed'), root)).toEqual([
      expect.stringContaining('must be a near miss'),
    ]);
  });

  it('fails when the name points at no exercise, or the test did not run', () => {
    expect(
      judgeKnownWrong(
        { file: 'test/known-wrong/42-answers/07-nothing.guess.patch', exercise: undefined },
        report('failed'),
        root,
      ),
    ).toEqual([expect.stringContaining('names no exercise')]);
    expect(judgeKnownWrong(knownWrong, { testResults: [] }, root)).toEqual([
      'test/exercises/42-answers/01-answer.test.ts did not run',
    ]);
  });
});

describe('known-wrong patches', () => {
  const solution = 'solutions/42-answers/01-answer.ts';
  const right =
    "import { base } from '../../chapters/42-answers/base.js';\nexport const answer = (): number => base() + 1;\n";
  const wrong =
    "import { base } from '../../chapters/42-answers/base.js';\nexport const answer = (): number => base() - 1;\n";

  it('names the chapter, the module and the mistake, and refuses any other path', () => {
    expect(parseKnownWrongPath('test/known-wrong/42-answers/01-answer.off-by-one.patch')).toEqual({
      chapter: '42-answers',
      module: '01-answer',
      mistake: 'off-by-one',
    });
    expect(() => parseKnownWrongPath('test/known-wrong/01-answer.patch')).toThrow(KnownWrongError);
  });

  it("applies to today's solution, beside solutions/ at the same depth, and starts with what is wrong", () => {
    mkdirSync(path.join(root, 'solutions/42-answers'), { recursive: true });
    writeFileSync(path.join(root, solution), right);
    const patch = knownWrongPatch(solution, right, wrong, 'Subtracts where it should add.');
    expect(patch.split('\n')[0]).toBe('Subtracts where it should add.');
    writeFileSync(path.join(root, 'test/known-wrong/42-answers/01-answer.off-by-one.patch'), patch);
    const applied = applyKnownWrong(root, 'test/known-wrong/42-answers/01-answer.off-by-one.patch');
    expect(path.relative(root, applied)).toBe(path.join('.known-wrong', '42-answers', '01-answer.off-by-one.ts'));
    expect(readFileSync(applied, 'utf8')).toBe(wrong);
  });

  it('fails loudly when the solution moved under the patch', () => {
    writeFileSync(path.join(root, solution), right.replace('base() + 1', 'base() + 2'));
    expect(() => applyKnownWrong(root, 'test/known-wrong/42-answers/01-answer.off-by-one.patch')).toThrow(
      /no longer applies to solutions\/42-answers\/01-answer\.ts/,
    );
  });
});
