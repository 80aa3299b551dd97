import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Exercise } from '../../workbook/manifest/index.js';
import { answerExercise } from './support/answer-exercise.js';
import type { EquivalentMutant } from '../../workbook/mutation/equivalent-mutants.js';
import { checkMutationGate } from '../../workbook/mutation/gate.js';
import { closureHash, type MutationResult, writeResult } from '../../workbook/mutation/results.js';

const exercise: Exercise = answerExercise;

const survivor = {
  location: 'solutions/42-answers/01-answer.ts:2:10',
  mutator: 'ArithmeticOperator',
  replacement: 'a - b',
  status: 'Survived',
} as const;

let root: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

function record(overrides: Partial<MutationResult> = {}): void {
  writeResult(root, {
    exercise: '42.1',
    ...closureHash(root, exercise),
    mutants: 20,
    killed: 19,
    timedOut: 0,
    survived: 1,
    noCoverage: 0,
    invalid: 0,
    score: 0.95,
    survivors: [survivor],
    stryker: '9.6.1',
    at: '2026-12-05T00:00:00Z',
    ...overrides,
  });
}

const listed: EquivalentMutant = {
  exercise: '42.1',
  location: survivor.location,
  mutator: survivor.mutator,
  reason: 'b is always 0 here',
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'mutation-gate-'));
  write(
    'solutions/42-answers/01-answer.ts',
    "import { helper } from '../../chapters/42-answers/helper.js';\nexport const add = (a: number, b: number): number => helper(a + b);\n",
  );
  write('chapters/42-answers/helper.ts', 'export const helper = (n: number): number => n;\n');
  write(
    'test/exercises/42-answers/01-answer.test.ts',
    "import { add } from '#exercise/42-answers/01-answer';\nadd(1, 2);\n",
  );
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the mutation gate', () => {
  it('passes when the result matches the files, scores 90% and its survivor is listed', () => {
    record();
    expect(checkMutationGate(root, [exercise], [listed])).toEqual([]);
  });

  it('names the command that re-runs an exercise without a result', () => {
    expect(checkMutationGate(root, [exercise], [])).toEqual([
      '42.1: no mutation result in workbook/mutation/results/; run `npm run mutation -- 42.1`',
    ]);
  });

  it('names the changed file and the command when a file the test imports changed, chapters included', () => {
    record();
    write('chapters/42-answers/helper.ts', 'export const helper = (n: number): number => n + 0;\n');
    expect(checkMutationGate(root, [exercise], [listed])).toEqual([
      '42.1: changed since its mutation run (chapters/42-answers/helper.ts); run `npm run mutation -- 42.1`',
    ]);
  });

  it('keeps a result fresh when a file changes only in how it is written: layout, comments, types', () => {
    record({ survivors: [], survived: 0, killed: 20, score: 1 });
    write(
      'chapters/42-answers/helper.ts',
      '/** Returns its input. */\nexport const helper = (\n  n: number,\n): number => (n);\n',
    );
    write(
      'test/exercises/42-answers/01-answer.test.ts',
      "import { add } from '#exercise/42-answers/01-answer';\n\nadd(1, 2); // a comment\n",
    );
    write(
      'solutions/42-answers/01-answer.ts',
      "import { helper } from '../../chapters/42-answers/helper.js';\nexport const add = (a: number, b: number): number =>\n  helper(a + b);\n",
    );
    expect(checkMutationGate(root, [exercise], [])).toEqual([]);
  });

  it('calls a result with survivors stale when the solution text moves, since survivors are located by line and column', () => {
    record();
    write(
      'solutions/42-answers/01-answer.ts',
      "import { helper } from '../../chapters/42-answers/helper.js';\n\nexport const add = (a: number, b: number): number => helper(a + b);\n",
    );
    expect(checkMutationGate(root, [exercise], [listed])).toEqual([
      '42.1: changed since its mutation run (solutions/42-answers/01-answer.ts, where its survivors are located); run `npm run mutation -- 42.1`',
    ]);
  });

  it('names a data file the test reads through new URL(..., import.meta.url) when it changed', () => {
    write('deploy/answer.yaml', 'answer: 42\n');
    write(
      'test/exercises/42-answers/01-answer.test.ts',
      "import { add } from '#exercise/42-answers/01-answer';\nconst file = new URL('../../../deploy/answer.yaml', import.meta.url);\nadd(1, 2);\n",
    );
    record();
    write('deploy/answer.yaml', 'answer: 43\n');
    expect(checkMutationGate(root, [exercise], [listed])).toEqual([
      '42.1: changed since its mutation run (deploy/answer.yaml); run `npm run mutation -- 42.1`',
    ]);
  });

  it('fails a score under 90%', () => {
    record({ score: 0.85, killed: 17, survived: 3, survivors: [survivor] });
    expect(checkMutationGate(root, [exercise], [listed])).toEqual([
      expect.stringContaining('42.1: mutation score 85.0% is under 90%'),
    ]);
  });

  it('fails on a survivor that is not listed, and on a listing whose mutant no longer survives', () => {
    record();
    expect(checkMutationGate(root, [exercise], [])).toEqual([
      expect.stringContaining(
        'survivor not killed and not listed as equivalent: solutions/42-answers/01-answer.ts:2:10 ArithmeticOperator',
      ),
    ]);
    record({ survived: 0, killed: 20, score: 1, survivors: [] });
    expect(checkMutationGate(root, [exercise], [listed])).toEqual([
      expect.stringContaining('listed equivalent mutant no longer survives'),
    ]);
  });

  it('allows at most three listed mutants per exercise', () => {
    const many = [1, 2, 3, 4].map((line) => ({ ...survivor, location: `solutions/42-answers/01-answer.ts:${line}:1` }));
    record({ survivors: many, survived: 4, killed: 36, mutants: 40, score: 0.9 });
    const listings = many.map((s) => ({ ...listed, location: s.location }));
    expect(checkMutationGate(root, [exercise], listings)).toEqual(['42.1: 4 equivalent mutants listed, at most 3']);
  });

  it('refuses a solution that switches Stryker off with a comment', () => {
    write(
      'solutions/42-answers/01-answer.ts',
      '// Stryker disable next-line all\nexport const add = (a: number, b: number): number => a + b;\n',
    );
    record({ survivors: [], survived: 0, killed: 20, score: 1 });
    expect(checkMutationGate(root, [exercise], [])).toEqual([
      expect.stringContaining('switches Stryker off with a comment'),
    ]);
  });

  it('leaves out exercises where the learner writes the tests', () => {
    expect(checkMutationGate(root, [{ ...exercise, grading: 'wrong-implementations' }], [])).toEqual([]);
  });
});
