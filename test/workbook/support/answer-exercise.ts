import type { Exercise } from '../../../workbook/manifest/index.js';

/** A made-up exercise 42.1 for tests of the workbook's tooling, with its files under `42-answers/`. */
export const answerExercise: Exercise = {
  id: '42.1',
  title: 'Answer',
  stub: 'exercises/42-answers/01-answer.ts',
  test: 'test/exercises/42-answers/01-answer.test.ts',
  hints: ['one'],
  services: [],
  minutes: 10,
  level: 'core',
};
