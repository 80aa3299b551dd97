import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chapters, type Chapter, type Exercise } from '../../workbook/manifest/index.js';
import { checkCourseShape, checkManifest } from '../../workbook/verify/manifest-check.js';

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
  write(
    'exercises/42-answers/01-answer.ts',
    "export type Answer = number;\nexport function answer(): Answer {\n  throw new TodoError('42.1');\n}\n",
  );
  write(
    'solutions/42-answers/01-answer.ts',
    'export type Answer = number;\nexport function answer(): Answer {\n  return 42;\n}\n',
  );
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
    write(
      'solutions/42-answers/01-answer.ts',
      'export type Answer = number;\nexport interface Question { text: string }\nexport function answer(): Answer {\n  return 42;\n}\n',
    );
    expect(checkManifest(root, [chapter])).toEqual([
      'exercise 42.1: stub and solution export different names; only the solution exports Question',
    ]);
  });

  it('rejects a stub that does not throw its TodoError and a test that bypasses the alias', () => {
    write(
      'exercises/42-answers/01-answer.ts',
      'export type Answer = number;\nexport function answer(): Answer {\n  return 0;\n}\n',
    );
    write(
      'test/exercises/42-answers/01-answer.test.ts',
      "import { answer } from '../../../solutions/42-answers/01-answer.js';\n",
    );
    expect(checkManifest(root, [chapter])).toEqual([
      "exercise 42.1: the stub exercises/42-answers/01-answer.ts must throw new TodoError('42.1')",
      "exercise 42.1: the test test/exercises/42-answers/01-answer.test.ts must import the exercise through '#exercise/42-answers/01-answer'",
    ]);
  });

  it('rejects a chapter that does not ramp from warm-up to stretch in manifest order, and an unusable estimate', () => {
    const second = {
      ...chapter.exercises[0]!,
      id: '42.2',
      stub: 'exercises/42-answers/02-warm.ts',
      test: 'test/exercises/42-answers/02-warm.test.ts',
      level: 'warm-up' as const,
      minutes: 0,
    };
    write('exercises/42-answers/02-warm.ts', "export function warm(): void {\n  throw new TodoError('42.2');\n}\n");
    write('solutions/42-answers/02-warm.ts', 'export function warm(): void {}\n');
    write('test/exercises/42-answers/02-warm.test.ts', "import { warm } from '#exercise/42-answers/02-warm';\n");
    expect(checkManifest(root, [{ ...chapter, exercises: [chapter.exercises[0]!, second] }])).toEqual([
      'exercise 42.2: minutes must be a whole number from 1 to 240, not 0',
      'chapter 42: 42.2 (warm-up) comes after 42.1 (core); order the manifest from warm-up to stretch',
    ]);
    expect(
      checkManifest(root, [{ ...chapter, exercises: [{ ...second, minutes: 10 }, chapter.exercises[0]!] }]),
    ).toEqual([]);
  });

  it('rejects an id outside its chapter and a duplicated id', () => {
    const [first] = chapter.exercises;
    const broken: Chapter = {
      ...chapter,
      exercises: [first!, { ...first!, id: '07.1' }, { ...first!, title: 'again' }],
    };
    const problems = checkManifest(root, [broken]);
    expect(problems).toContain('exercise 07.1: the id must start with its chapter number 42');
    expect(problems).toContain('exercise 42.1: the id is used twice');
  });
});

describe('the course shape', () => {
  const entry = (id: string, level: Exercise['level'], minutes: number): Exercise => ({
    id,
    title: id,
    stub: `exercises/42-answers/${id}.ts`,
    test: `test/exercises/42-answers/${id}.test.ts`,
    hints: ['a', 'b'],
    services: [],
    minutes,
    level,
  });
  const ramp = (number: string): Chapter => ({
    number,
    slug: `${number}-x`,
    title: number,
    page: `chapters/${number}-x`,
    exercises: [
      entry(`${number}.1`, 'warm-up', 5),
      entry(`${number}.2`, 'warm-up', 15),
      ...Array.from({ length: 6 }, (_, i) => entry(`${number}.${i + 3}`, 'core', 30)),
      entry(`${number}.9`, 'stretch', 60),
    ],
  });
  const eight = ['01', '02', '03', '04', '05', '06', '07', '08'].map(ramp);

  it('accepts eight chapters of nine exercises that ramp', () => {
    expect(checkCourseShape(eight)).toEqual([]);
  });

  it('names a short course, a short chapter, a chapter without two warm-ups first or without a stretch', () => {
    const short: Chapter = { ...eight[0]!, exercises: eight[0]!.exercises.slice(1, 8) };
    expect(checkCourseShape([short, ...eight.slice(1)])).toEqual([
      'the course has 70 exercises; it promises at least 72',
      'chapter 01 has 7 exercises; each chapter has at least 9',
      'chapter 01 must open with 2 warm-ups; it opens with 01.2 (warm-up), 01.3 (core)',
      'chapter 01 has no stretch exercise',
    ]);
  });

  it('refuses a warm-up shorter than 5 or longer than 15 minutes', () => {
    const chapter = eight[1]!;
    const long: Chapter = {
      ...chapter,
      exercises: [entry('02.1', 'warm-up', 4), entry('02.2', 'warm-up', 16), ...chapter.exercises.slice(2)],
    };
    expect(checkCourseShape([eight[0]!, long, ...eight.slice(2)])).toEqual([
      'exercise 02.1: a warm-up takes 5 to 15 minutes, not 4; make it core or smaller',
      'exercise 02.2: a warm-up takes 5 to 15 minutes, not 16; make it core or smaller',
    ]);
  });

  it("holds for the workbook's own manifest", () => {
    expect(checkCourseShape(chapters)).toEqual([]);
  });
});

describe('an exercise where the learner writes the tests', () => {
  const testWriting: Chapter = {
    ...chapter,
    exercises: [
      {
        id: '42.2',
        title: 'Tests for the answer',
        stub: 'exercises/42-answers/02-answer-tests.test.ts',
        test: 'test/exercises/42-answers/02-answer-tests.test.ts',
        hints: ['Pin it.', 'expect(answer()).toBe(42)'],
        services: [],
        minutes: 20,
        level: 'core',
        grading: 'wrong-implementations',
      },
    ],
  };

  beforeEach(() => {
    for (const file of [
      'exercises/42-answers/01-answer.ts',
      'solutions/42-answers/01-answer.ts',
      'test/exercises/42-answers/01-answer.test.ts',
    ])
      unlinkSync(path.join(root, file));
    write('exercises/42-answers/02-answer-tests.test.ts', "// TODO(42.2): pin answer()'s contract.\n");
    write('solutions/42-answers/02-answer-tests.test.ts', "it('is 42', () => expect(answer()).toBe(42));\n");
    write('test/exercises/42-answers/02-answer-tests.test.ts', "describeTestWritingExercise('42.2');\n");
    write('test/exercises/42-answers/02-answer-tests/subject.ts', 'export const answer = () => 42;\n');
    for (const name of ['a', 'b', 'c', 'd'])
      write(`test/exercises/42-answers/02-answer-tests/wrong/${name}.ts`, 'export const answer = () => 41;\n');
  });

  it('accepts a test-file stub with its TODO, a grader, the module and four wrong implementations', () => {
    expect(checkManifest(root, [testWriting])).toEqual([]);
  });

  it('names a missing TODO, a grader that grades nothing, a missing module and too few wrong implementations', () => {
    write('exercises/42-answers/02-answer-tests.test.ts', '// write tests here\n');
    write('test/exercises/42-answers/02-answer-tests.test.ts', '// nothing\n');
    unlinkSync(path.join(root, 'test/exercises/42-answers/02-answer-tests/subject.ts'));
    unlinkSync(path.join(root, 'test/exercises/42-answers/02-answer-tests/wrong/d.ts'));
    expect(checkManifest(root, [testWriting])).toEqual([
      'exercise 42.2: test/exercises/42-answers/02-answer-tests/subject.ts does not exist',
      'exercise 42.2: the stub exercises/42-answers/02-answer-tests.test.ts must say what to test in a TODO(42.2) comment',
      "exercise 42.2: the grader test/exercises/42-answers/02-answer-tests.test.ts must call describeTestWritingExercise('42.2')",
      'exercise 42.2: keep at least 4 wrong implementations in test/exercises/42-answers/02-answer-tests/wrong/, not 3',
    ]);
  });
});
