import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../workbook/paths.js';
import {
  firstDocSentence,
  gradeTestFile,
  implementationsIn,
  subjectSpecifier,
  tally,
  type ImplementationRun,
} from '../../workbook/test-writing/grade.js';
import { slowDeadline, slowTimeout } from '../support/slow-tests.js';

const fixture = fromRoot('test/workbook/fixtures/test-writing');
const implementations = implementationsIn(fixture);

async function grade(learnerFile: string): Promise<Map<string, ImplementationRun>> {
  const runs = await gradeTestFile({
    testFile: `test/workbook/fixtures/test-writing/${learnerFile}`,
    specifier: './subject.js',
    implementations,
    signal: AbortSignal.timeout(slowDeadline(40_000)),
  });
  return new Map(runs.map((run) => [run.implementation, run]));
}

describe('grading a test file the learner wrote', () => {
  it('lists the correct module first, then the wrong ones with the first sentence of their doc comment', () => {
    expect(implementations.map((i) => [i.name, i.mistake])).toEqual([
      ['correct', undefined],
      ['accepts-inverted-bounds', 'Accepts min > max instead of throwing.'],
      ['ignores-max', 'Never lowers a value above max.'],
    ]);
  });

  it(
    'runs a thorough test file against every implementation in one vitest run',
    { timeout: slowTimeout(45_000) },
    async () => {
      const runs = await grade('learner-thorough.fixture.ts');
      expect(tally(runs.get('correct'))).toEqual({ passed: 4, failed: 0, total: 4 });
      expect(tally(runs.get('ignores-max'))).toEqual({ passed: 3, failed: 1, total: 4 });
      expect(tally(runs.get('accepts-inverted-bounds'))).toEqual({ passed: 3, failed: 1, total: 4 });
      expect(runs.get('ignores-max')?.tests.find((t) => t.state === 'failed')?.name).toBe(
        'clamp > lowers a value above max',
      );
    },
  );

  it(
    'shows a lazy file missing a wrong implementation, and its own wrong test failing on the correct one',
    { timeout: slowTimeout(45_000) },
    async () => {
      const runs = await grade('learner-lazy.fixture.ts');
      expect(tally(runs.get('correct'))).toEqual({ passed: 2, failed: 1, total: 3 });
      expect(runs.get('correct')?.tests.find((t) => t.state === 'failed')?.error).toMatch(/expected 5 to be 6/);
      // Only the wrong test fails on ignores-max: the file never looks at the upper bound.
      expect(tally(runs.get('ignores-max'))).toEqual({ passed: 2, failed: 1, total: 3 });
    },
  );

  it('counts todo tests as no tests', { timeout: slowTimeout(45_000) }, async () => {
    const runs = await grade('learner-empty.fixture.ts');
    expect(runs.get('correct')?.tests.map((t) => t.state)).toEqual(['skipped']);
    expect(tally(runs.get('correct')).passed).toBe(0);
  });
});

describe("naming a test-writing exercise's files", () => {
  it('maps the stub to its subject specifier', () => {
    expect(subjectSpecifier('exercises/05-testing/09-retrying-client.test.ts')).toBe(
      '#subject/05-testing/09-retrying-client',
    );
  });

  it('refuses a stub that is not a test file under exercises/', () => {
    expect(() => subjectSpecifier('exercises/05-testing/09-retrying-client.ts')).toThrow(
      /must be exercises\/NN-topic\/MM-slug\.test\.ts/,
    );
  });

  it('takes the first sentence of a multi-line doc comment', () => {
    expect(firstDocSentence('/**\n * Drops the last item. Otherwise fine.\n */')).toBe('Drops the last item.');
    expect(firstDocSentence('export const x = 1;')).toBe('(no description)');
  });
});
