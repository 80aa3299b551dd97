import { chapters } from '../workbook/manifest/index.js';

export interface ExerciseRow {
  id: string;
  title: string;
  chapter: string;
  link: string;
  services: string;
  level: string;
  minutes: number;
  stub: string;
}

declare const data: ExerciseRow[];
export { data };

// Read at build time from the manifest, so this index can never list an exercise that does not exist.
export default {
  watch: ['../workbook/manifest/*.ts'],
  load(): ExerciseRow[] {
    return chapters
      .filter((chapter) => chapter.page.startsWith('chapters/'))
      .flatMap((chapter) =>
        chapter.exercises.map((exercise) => ({
          id: exercise.id,
          title: exercise.title,
          chapter: `${chapter.number} ${chapter.title}`,
          link: `/exercises/${exercise.id.replace('.', '-')}`,
          services: exercise.services.length ? exercise.services.join(', ') : 'none',
          stub: exercise.stub,
          level: exercise.level,
          minutes: exercise.minutes,
        })),
      );
  },
};
