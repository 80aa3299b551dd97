import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chapters, type Chapter, type Exercise } from './manifest/index.js';
import { fromRoot } from './paths.js';
import type { WorkbookState } from './state.js';

/**
 * `test changed`: it was solved, but its test file has changed since (a workbook update): check it again.
 * `waiting`: this machine lacks a service it needs; it counts neither as solved nor as failing.
 */
export type ExerciseStatus = 'solved' | 'failing' | 'not run' | 'test changed' | 'waiting';

/** A short fingerprint of an exercise's test file, line endings normalised. */
export function testFingerprint(
  exercise: Exercise,
  read: (file: string) => string = (file) => readFileSync(fromRoot(file), 'utf8'),
): string {
  return createHash('sha256').update(read(exercise.test).replace(/\r\n/g, '\n')).digest('hex').slice(0, 16);
}

export function statusOf(
  exercise: Exercise,
  state: WorkbookState,
  fingerprint: (exercise: Exercise) => string = testFingerprint,
): ExerciseStatus {
  const result = state.results[exercise.id];
  if (!result) return 'not run';
  if (result.outcome === 'solved' && result.test !== undefined && result.test !== fingerprint(exercise))
    return 'test changed';
  return result.outcome;
}

/** `core, about 30 min`: where an exercise sits on its chapter's ramp. */
export function effortOf(exercise: Exercise): string {
  return `${exercise.level}, about ${exercise.minutes} min`;
}

/** The first exercise in reading order that is neither solved nor waiting for a service, or undefined. */
export function nextExercise(state: WorkbookState, all: readonly Chapter[] = chapters): Exercise | undefined {
  return all.flatMap((c) => c.exercises).find((exercise) => !['solved', 'waiting'].includes(statusOf(exercise, state)));
}

/** `06.9 needs RabbitMQ` for each exercise waiting for a service, in reading order. */
export function waitingExercises(state: WorkbookState, all: readonly Chapter[] = chapters): string[] {
  return all
    .flatMap((c) => c.exercises)
    .filter((exercise) => statusOf(exercise, state) === 'waiting')
    .map((exercise) => `${exercise.id} needs ${state.results[exercise.id]?.waitingFor?.join(' and ') ?? 'a service'}`);
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
    lines.push(
      `  ${`${chapter.number} ${chapter.title}`.padEnd(width)}  ${String(done).padStart(2)}/${chapter.exercises.length}  ${bar}`,
    );
  }
  lines.push(`  ${'All chapters'.padEnd(width)}  ${String(solved).padStart(2)}/${total}`);
  const waiting = waitingExercises(state, all);
  if (waiting.length)
    lines.push(
      '',
      `Waiting for a service (not counted as failing): ${waiting.join(', ')}.`,
      '  `npm run workbook -- status` says how to get each one.',
    );
  const next = nextExercise(state, all);
  if (next) {
    lines.push(
      '',
      `Next: ${next.id} ${next.title} (${effortOf(next)})`,
      `  edit  ${next.stub}`,
      `  test  npm run workbook -- check ${next.id}`,
      `  hint  ${hintCommand(next.id)}`,
    );
  } else if (waiting.length) {
    lines.push(
      '',
      `Every exercise this machine can run is solved; ${waiting.length} ${waiting.length === 1 ? 'waits' : 'wait'} for a service (above).`,
    );
  } else {
    lines.push('', 'Every exercise is solved. Run `npm start -- --mine <chapters>` to run the capstone on your code.');
  }
  return lines.join('\n');
}
