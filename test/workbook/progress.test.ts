import { describe, expect, it } from 'vitest';
import type { Chapter, Exercise } from '../../workbook/manifest/index.js';
import { effortOf, formatProgress, nextExercise, statusOf, testFingerprint } from '../../workbook/progress.js';
import type { WorkbookState } from '../../workbook/state.js';

const exercise = (id: string, level: Exercise['level'], minutes: number): Exercise => ({
  id,
  title: `Exercise ${id}`,
  stub: `exercises/42-answers/${id}.ts`,
  test: `test/exercises/42-answers/${id}.test.ts`,
  hints: ['one'],
  services: [],
  minutes,
  level,
});

// The manifest's order is the ramp: 42.3 (a warm-up) comes before 42.1.
const chapter: Chapter = {
  number: '42',
  slug: '42-answers',
  title: 'Answers',
  page: 'chapters/42-answers',
  exercises: [exercise('42.3', 'warm-up', 10), exercise('42.1', 'core', 30), exercise('42.2', 'stretch', 45)],
};

const solved = (test: string): WorkbookState['results'][string] => ({
  outcome: 'solved',
  passed: 3,
  failed: 0,
  at: '2026-12-01T10:00:00Z',
  test,
});

describe('workbook progress', () => {
  it('flags a solved exercise whose test file changed since it was solved', () => {
    const state: WorkbookState = { hintsShown: {}, results: { '42.3': solved('old-fingerprint') } };
    expect(statusOf(chapter.exercises[0]!, state, () => 'old-fingerprint')).toBe('solved');
    expect(statusOf(chapter.exercises[0]!, state, () => 'new-fingerprint')).toBe('test changed');
  });

  it('sends the learner back to an exercise whose test changed, in the manifest order', () => {
    const state: WorkbookState = { hintsShown: {}, results: { '42.3': solved('a'), '42.1': solved('b') } };
    const fingerprints: Record<string, string> = { '42.3': 'a', '42.1': 'changed' };
    const status = (e: Exercise): string => statusOf(e, state, (x) => fingerprints[x.id] ?? '');
    expect(chapter.exercises.map(status)).toEqual(['solved', 'test changed', 'not run']);
  });

  it('follows the manifest order, not the id order, for the next exercise', () => {
    expect(nextExercise({ hintsShown: {}, results: {} }, [chapter])?.id).toBe('42.3');
  });

  it('says the level and the minutes of an exercise', () => {
    expect(effortOf(chapter.exercises[2]!)).toBe('stretch, about 45 min');
    expect(formatProgress({ hintsShown: {}, results: {} }, [chapter])).toContain(
      'Next: 42.3 Exercise 42.3 (warm-up, about 10 min)',
    );
  });

  it('fingerprints a test file the same with either line ending', () => {
    const unix = testFingerprint(chapter.exercises[0]!, () => 'line one\nline two\n');
    const windows = testFingerprint(chapter.exercises[0]!, () => 'line one\r\nline two\r\n');
    expect(unix).toBe(windows);
    expect(testFingerprint(chapter.exercises[0]!, () => 'line one\nline 2\n')).not.toBe(unix);
  });

  it('skips an exercise that waits for a missing service, and says what it waits for', () => {
    const waiting: WorkbookState = {
      hintsShown: {},
      results: {
        '42.3': { outcome: 'waiting', waitingFor: ['RabbitMQ'], passed: 0, failed: 0, at: '2026-12-01T10:00:00Z' },
      },
    };
    expect(statusOf(chapter.exercises[0]!, waiting)).toBe('waiting');
    expect(nextExercise(waiting, [chapter])?.id).toBe('42.1');
    const progress = formatProgress(waiting, [chapter]);
    expect(progress).toContain('Waiting for a service (not counted as failing): 42.3 needs RabbitMQ');
    expect(progress).toContain('Answers');
    expect(progress).toMatch(/0\/3/);
  });

  it('says every exercise this machine can run is solved when only waiting ones are left', () => {
    const at = '2026-12-01T10:00:00Z';
    const state: WorkbookState = {
      hintsShown: {},
      results: {
        '42.3': { outcome: 'waiting', waitingFor: ['promtool'], passed: 0, failed: 0, at },
        '42.1': { outcome: 'solved', passed: 1, failed: 0, at },
        '42.2': { outcome: 'solved', passed: 1, failed: 0, at },
      },
    };
    expect(nextExercise(state, [chapter])).toBeUndefined();
    expect(formatProgress(state, [chapter])).toContain(
      'Every exercise this machine can run is solved; 1 waits for a service (above).',
    );
  });
});
