/**
 * `--mine 03,04`: which chapters' exercises replace the capstone's own ports. The manifest says which exercise
 * implements which port (`capstonePort`); a chapter without one cannot be asked for.
 */
import { chapters, type Exercise } from '../../workbook/manifest/index.js';
import { CodedError } from '../../platform/errors/coded-error.js';

/** `--mine` named a chapter that does not exist or has no exercise the capstone can run. */
export class MineUsageError extends CodedError {
  readonly code = 'MINE_USAGE';
}

/** Chapter number to the exercises in it that implement a capstone port. */
export function minePortExercises(): Map<string, Exercise[]> {
  const byChapter = new Map<string, Exercise[]>();
  for (const chapter of chapters) {
    const ported = chapter.exercises.filter((exercise) => exercise.capstonePort !== undefined);
    if (ported.length > 0) byChapter.set(chapter.number, ported);
  }
  return byChapter;
}

/** One line per valid chapter, for error messages and `--help`. */
export function describeMineChoices(): string {
  return [...minePortExercises()]
    .map(
      ([number, exercises]) =>
        `  ${number}: ${exercises.map((exercise) => `${exercise.id} ${exercise.title} (${exercise.capstonePort ?? ''})`).join('; ')}`,
    )
    .join('\n');
}

/**
 * Parses `03,04` (also `3`, `03 04` and repeats) into the exercises to swap in, in manifest order.
 *
 * @example
 * mineExercises('03,04').map((e) => e.id); // ['03.4', '04.4', '04.7']
 */
export function mineExercises(list: string): Exercise[] {
  const available = minePortExercises();
  const wanted = list.split(/[\s,]+/).filter(Boolean);
  if (wanted.length === 0)
    throw new MineUsageError(
      `--mine needs chapter numbers, e.g. --mine 03,04. Chapters with exercises the capstone can run:\n${describeMineChoices()}`,
    );
  const picked = new Set<string>();
  for (const raw of wanted) {
    const number = /^\d{1,2}$/.test(raw) ? raw.padStart(2, '0') : raw;
    if (!available.has(number)) {
      const known = chapters.some((chapter) => chapter.number === number);
      const why = known
        ? `chapter ${number} has no exercise that implements a capstone port`
        : `there is no chapter ${JSON.stringify(raw)}`;
      throw new MineUsageError(
        `--mine ${list}: ${why}. Chapters with exercises the capstone can run:\n${describeMineChoices()}`,
      );
    }
    picked.add(number);
  }
  return [...available].filter(([number]) => picked.has(number)).flatMap(([, exercises]) => exercises);
}
