import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APPLIED_DIR, knownWrongPatch } from '../../workbook/known-wrong.js';
import { exercises, solutionPath } from '../../workbook/manifest/index.js';
import { fromRoot } from '../../workbook/paths.js';
import { findKnownWrong, type KnownWrong } from '../../workbook/verify/known-wrong.js';
import { judgeKnownWrongBatch } from '../../workbook/verify/known-wrong-batch.js';
import { slowTimeout } from '../support/slow-tests.js';

const work = mkdtempSync(path.join(tmpdir(), 'known-wrong-batch-'));
const unchangedApplied = fromRoot(
  APPLIED_DIR,
  '01-design-patterns',
  `01-singleton-init-timeout.unchanged-${process.pid}.ts`,
);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(unchangedApplied, { force: true });
});

describe('known-wrong answers judged in one vitest process', () => {
  it(
    'judges each patch by its own project, though several run the same exercise test',
    { timeout: slowTimeout(30_000) },
    async () => {
      const real = findKnownWrong(fromRoot(), exercises).filter(
        (k) => k.exercise?.id === '01.1' || k.exercise?.id === '01.2',
      );
      const singleton = real.find((k) => k.exercise?.id === '01.1')!;
      // A "wrong" answer that changes nothing: every test passes with it, so its own judgement must say so, while the
      // real wrong answers to the same exercise, run beside it, are rejected.
      const solution = solutionPath(singleton.exercise!);
      const original = readFileSync(fromRoot(solution), 'utf8');
      const unchanged = path.join(
        work,
        'known-wrong/01-design-patterns',
        `01-singleton-init-timeout.unchanged-${process.pid}.patch`,
      );
      mkdirSync(path.dirname(unchanged), { recursive: true });
      writeFileSync(unchanged, knownWrongPatch(solution, original, original, 'Changes nothing.'));
      const stale = path.join(
        work,
        'known-wrong/01-design-patterns',
        `01-singleton-init-timeout.stale-${process.pid}.patch`,
      );
      writeFileSync(
        stale,
        knownWrongPatch(solution, `${original}\n// a line the solution no longer has\n`, original, 'Stale.'),
      );
      const batch: KnownWrong[] = [
        ...real,
        { file: unchanged, exercise: singleton.exercise },
        { file: stale, exercise: singleton.exercise },
      ];

      const judged = await judgeKnownWrongBatch(batch, work, 'batch');

      expect(real.length).toBeGreaterThanOrEqual(2);
      for (const knownWrong of real) expect(judged.get(knownWrong.file), knownWrong.file).toEqual([]);
      expect(judged.get(unchanged)).toEqual([
        'every test of 01.1 passes with this wrong answer: a test must catch its mistake',
      ]);
      expect(judged.get(stale)).toEqual([
        expect.stringMatching(/no longer applies to solutions\/01-design-patterns\/01-singleton-init-timeout\.ts/),
      ]);
    },
  );
});
