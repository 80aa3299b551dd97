import { courseExercises, exerciseSlug } from '../.vitepress/course.ts';
import { exercisePageMarkdown } from '../.vitepress/exercise-page.ts';

// One page per exercise in the manifest, /exercises/01-1 for 01.1, written from the manifest, the exercise's notes
// (docs/exercise-notes/NN.M.md) and the repository's files, so a page cannot describe an exercise that is not there.
export default {
  watch: ['../exercise-notes/*.md', '../../workbook/manifest/*.ts', '../../test/known-wrong/**/*.patch'],
  paths() {
    return courseExercises().map(({ exercise, chapter, placement }) => ({
      params: { id: exerciseSlug(exercise.id), exercise: exercise.id, title: `${exercise.id} ${exercise.title}` },
      content: exercisePageMarkdown(exercise, chapter, placement),
    }));
  },
};
