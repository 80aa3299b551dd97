import { chapters, type Chapter, type Exercise } from './manifest/index.js';
import type { WorkbookState } from './state.js';

export type ExerciseStatus = 'solved' | 'failing' | 'not run';

export function statusOf(exercise: Exercise, state: WorkbookState): ExerciseStatus {
  return state.results[exercise.id]?.outcome ?? 'not run';
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
      `Next: ${next.id} ${next.title}`,
      `  edit  ${next.stub}`,
      `  test  npm run workbook -- check ${next.id}`,
      `  hint  ${hintCommand(next.id)}`,
    );
  } else {
    lines.push('', 'Every exercise is solved. Run `npm start -- --mine <chapters>` to run the capstone on your code.');
  }
  return lines.join('\n');
}
