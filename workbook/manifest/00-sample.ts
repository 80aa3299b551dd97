import type { Chapter } from './types.js';

export const sampleChapter: Chapter = {
  number: '00',
  slug: '00-sample',
  title: 'Sample',
  page: 'index',
  exercises: [
    {
      id: '00.1',
      title: 'Add two numbers',
      stub: 'exercises/00-sample/01-add.ts',
      test: 'test/exercises/00-sample/01-add.test.ts',
      hints: ['Return the sum.', 'Use the + operator: `return a + b`.'],
      services: [],
    },
  ],
};
