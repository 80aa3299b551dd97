import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chapter } from '../../workbook/manifest/index.js';
import { checkManifest } from '../../workbook/verify/manifest-check.js';

let root: string;

const write = (file: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

const chapter: Chapter = {
  number: '42',
  slug: '42-answers',
  title: 'Answers',
  page: 'chapters/42-answers',
  exercises: [
    {
      id: '42.1',
      title: 'The answer',
      stub: 'exercises/42-answers/01-answer.ts',
      test: 'test/exercises/42-answers/01-answer.test.ts',
      hints: ['Think.', 'It is 42.'],
      services: [],
      minutes: 10,
      level: 'core' as const,
    },
  ],
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'manifest-check-'));
  write('exercises/42-answers/01-answer.ts', "export type Answer = number;\nexport function answer(): Answer {\n  throw new TodoError('42.1');\n}\n");
  write('solutions/42-answers/01-answer.ts', 'export type Answer = number;\nexport function answer(): Answer {\n  return 42;\n}\n');
  write('test/exercises/42-answers/01-answer.test.ts', "import { answer } from '#exercise/42-answers/01-answer';\n");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the manifest check of npm run verify', () => {
  it('accepts an entry whose files exist and agree', () => {
    expect(checkManifest(root, [chapter])).toEqual([]);
  });

  it('names a solution file that is missing', () => {
    unlinkSync(path.join(root, 'solutions/42-answers/01-answer.ts'));
    expect(checkManifest(root, [chapter])).toEqual(['exercise 42.1: solutions/42-answers/01-answer.ts does not exist']);
  });

  it('names a stub, solution or test on disk that no entry lists', () => {
    write('exercises/42-answers/02-extra.ts', 'export {};\n');
    write('solutions/42-answers/02-extra.ts', 'export {};\n');
    write('test/exercises/42-answers/02-extra.test.ts', 'export {};\n');
    expect(checkManifest(root, [chapter])).toEqual([
      'exercises/42-answers/02-extra.ts is in exercises/ but no manifest entry names it as a stub',
      'solutions/42-answers/02-extra.ts is in solutions/ but no manifest entry has it as its solution',
      'test/exercises/42-answers/02-extra.test.ts is an exercise test but no manifest entry names it',
    ]);
  });

  it('names exports, types included, that only one of stub and solution has', () => {
    write('solutions/42-answers/01-answer.ts', 'export type Answer = number;\nexport interface Question { text: string }\nexport function answer(): Answer {\n  return 42;\n}\n');
    expect(checkManifest(root, [chapter])).toEqual([
      'exercise 42.1: stub and solution export different names; only the solution exports Question',
    ]);
  });

  it('rejects a stub that does not throw its TodoError and a test that bypasses the alias', () => {
    write('exercises/42-answers/01-answer.ts', 'export type Answer = number;\nexport function answer(): Answer {\n  return 0;\n}\n');
    write('test/exercises/42-answers/01-answer.test.ts', "import { answer } from '../../../solutions/42-answers/01-answer.js';\n");
    expect(checkManifest(root, [chapter])).toEqual([
      "exercise 42.1: the stub exercises/42-answers/01-answer.ts must throw new TodoError('42.1')",
      "exercise 42.1: the test test/exercises/42-answers/01-answer.test.ts must import the exercise through '#exercise/42-answers/01-answer'",
    ]);
  });

  it('rejects a chapter that does not ramp from warm-up to stretch in manifest order, and an unusable estimate', () => {
    const second = { ...chapter.exercises[0]!, id: '42.2', stub: 'exercises/42-answers/02-warm.ts', test: 'test/exercises/42-answers/02-warm.test.ts', level: 'warm-up' as const, minutes: 0 };
    write('exercises/42-answers/02-warm.ts', "export function warm(): void {\n  throw new TodoError('42.2');\n}\n");
    write('solutions/42-answers/02-warm.ts', 'export function warm(): void {}\n');
    write('test/exercises/42-answers/02-warm.test.ts', "import { warm } from '#exercise/42-answers/02-warm';\n");
    expect(checkManifest(root, [{ ...chapter, exercises: [chapter.exercises[0]!, second] }])).toEqual([
      'exercise 42.2: minutes must be a whole number from 1 to 240, not 0',
      'chapter 42: 42.2 (warm-up) comes after 42.1 (core); order the manifest from warm-up to stretch',
    ]);
    expect(checkManifest(root, [{ ...chapter, exercises: [{ ...second, minutes: 10 }, chapter.exercises[0]!] }])).toEqual([]);
  });

  it('rejects an id outside its chapter and a duplicated id', () => {
    const [first] = chapter.exercises;
    const broken: Chapter = { ...chapter, exercises: [first!, { ...first!, id: '07.1' }, { ...first!, title: 'again' }] };
    const problems = checkManifest(root, [broken]);
    expect(problems).toContain('exercise 07.1: the id must start with its chapter number 42');
    expect(problems).toContain('exercise 42.1: the id is used twice');
  });
});
