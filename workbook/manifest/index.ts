import { designPatternsChapter } from './01-design-patterns.js';
import { architectureChapter } from './02-architecture.js';
import { securityChapter } from './03-security.js';
import { performanceChapter } from './04-performance.js';
import { testingChapter } from './05-testing.js';
import { microservicesChapter } from './06-microservices.js';
import { databaseChapter } from './07-database.js';
import { productionChapter } from './08-production.js';
import type { Chapter, Exercise } from './types.js';

export type { Chapter, Exercise, Service } from './types.js';
export { LEVELS } from './types.js';

/** Every chapter in reading order. Each chapter's exercises live in its own file beside this one. */
export const chapters: readonly Chapter[] = [
  designPatternsChapter,
  architectureChapter,
  securityChapter,
  performanceChapter,
  testingChapter,
  microservicesChapter,
  databaseChapter,
  productionChapter,
];

export const exercises: readonly Exercise[] = chapters.flatMap((chapter) => chapter.exercises);

/** The solution file that mirrors a stub: same path under `solutions/`. */
export function solutionPath(exercise: Exercise): string {
  return exercise.stub.replace(/^exercises\//, 'solutions/');
}

export function chapterOf(exercise: Exercise): Chapter {
  const chapter = chapters.find((c) => c.exercises.includes(exercise));
  if (!chapter) throw new Error(`Exercise ${exercise.id} belongs to no chapter`);
  return chapter;
}

export function findExercise(id: string): Exercise | undefined {
  return exercises.find((exercise) => exercise.id === id);
}
