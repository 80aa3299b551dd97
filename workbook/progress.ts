import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chapters, type Chapter, type Exercise } from './manifest/index.js';
import { fromRoot } from './paths.js';
import type { WorkbookState } from './state.js';

/** `test changed`: it was solved, but its test file has changed since (a workbook update): check it again. */
export type ExerciseStatus = 'solved' | 'failing' | 'not run' | 'test changed';

/** A short fingerprint of an exercise's test file, line endings normalised. */
export function testFingerprint(exercise: Exercise, read: (file: string) => string = (file) => readFileSync(fromRoot(file), 'utf8')): string {
  return createHash('sha256').update(read(exercise.test).replace(/\r\n/g, '\n')).digest('hex').slice(0, 16);
}

export function statusOf(exercise: Exercise, state: WorkbookState, fingerprint: (exercise: Exercise) => string = testFingerprint): ExerciseStatus {
  const result = state.results[exercise.id];
  if (!result) return 'not run';
  if (result.outcome === 'solved' && result.test !== undefined && result.test !== fingerprint(exercise)) return 'test changed';
  return result.outcome;
}

/** `core, about 30 min`: where an exercise sits on its chapter's ramp. */
export function effortOf(exercise: Exercise): string {
  return `${exercise.level}, about ${exercise.minutes} min`;
}

/** The first exercise in reading order that is not solved, or undefined when every one is. */
export function nextExercise(state: WorkbookState, all: readonly Chapter[] = chapters): Exercise | undefined {
  return all.flatMap((c) => c.exercises).find((exercise) => statusOf(exercise, state) !== 'solved');
}

export function hintCommand(id: string): string {
  return `npm run workbook -- hint ${id}`;
}

/** Per-chapter solved/total and the next step, as printed after every `npm test` run. */
export function formatProgress(state: WorkbookState, all: readonly Chapter[] = chapters): string {
  const width = Math.max(12, ...all.map((c) => c.title.length + 3));
  const lines = ['', 'Workbook progress'];
  let solved = 0;
  let total = 0;
  for (const chapter of all) {
    const done = chapter.exercises.filter((e) => statusOf(e, state) === 'solved').length;
    solved += done;
    total += chapter.exercises.length;
    const bar = '#'.repeat(done) + '.'.repeat(chapter.exercises.length - done);
    lines.push(`  ${`${chapter.number} ${chapter.title}`.padEnd(width)}  ${String(done).padStart(2)}/${chapter.exercises.length}  ${bar}`);
  }
  lines.push(`  ${'All chapters'.padEnd(width)}  ${String(solved).padStart(2)}/${total}`);
  const next = nextExercise(state, all);
  if (next) {
    lines.push(
      '',
      `Next: ${next.id} ${next.title} (${effortOf(next)})`,
      `  edit  ${next.stub}`,
      `  test  npm run workbook -- check ${next.id}`,
      `  hint  ${hintCommand(next.id)}`,
    );
  } else {
    lines.push('', 'Every exercise is solved. Run `npm start -- --mine <chapters>` to run the capstone on your code.');
  }
  return lines.join('\n');
}
