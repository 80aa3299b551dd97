import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { type Chapter, type Exercise, LEVELS } from '../manifest/index.js';

const idPattern = /^(\d{2})\.(\d+)$/;

/**
 * Checks that the manifest and the files agree, in both directions: every entry's stub, solution and test exist and
 * belong together, every stub, solution and exercise test on disk has an entry, and each stub exports exactly the
 * names (values and types) its solution exports. Returns one sentence per problem; empty means all is well.
 */
export function checkManifest(root: string, chapters: readonly Chapter[]): string[] {
  const problems: string[] = [];
  const exercises = chapters.flatMap((c) => c.exercises);
  const seen = new Set<string>();

  for (const chapter of chapters) {
    if (!/^\d{2}$/.test(chapter.number) || !chapter.slug.startsWith(`${chapter.number}-`)) {
      problems.push(`chapter "${chapter.slug}": number must be two digits and the slug must start with it`);
    }
    for (const exercise of chapter.exercises) problems.push(...checkEntry(root, chapter, exercise, seen));
    problems.push(...checkRamp(chapter));
  }

  const listed = (key: (e: Exercise) => string): Set<string> => new Set(exercises.map(key));
  const stubs = listed((e) => e.stub);
  const solutions = listed((e) => toSolution(e.stub));
  const tests = listed((e) => e.test);
  for (const file of listFiles(root, 'exercises')) {
    if (!stubs.has(file)) problems.push(`${file} is in exercises/ but no manifest entry names it as a stub`);
  }
  for (const file of listFiles(root, 'solutions')) {
    if (!solutions.has(file)) problems.push(`${file} is in solutions/ but no manifest entry has it as its solution`);
  }
  for (const file of listFiles(root, 'test/exercises')) {
    if (file.endsWith('.test.ts') && !tests.has(file)) {
      problems.push(`${file} is an exercise test but no manifest entry names it`);
    }
  }

  const pairs = exercises.filter(
    (e) => existsSync(path.join(root, e.stub)) && existsSync(path.join(root, toSolution(e.stub))),
  );
  problems.push(...compareExports(root, pairs));
  return problems;
}

/** A chapter's exercises, in manifest order, go from warm-up to core to stretch; ids need not be in order. */
function checkRamp(chapter: Chapter): string[] {
  const problems: string[] = [];
  chapter.exercises.forEach((exercise, index) => {
    if (!LEVELS.includes(exercise.level))
      problems.push(`exercise ${exercise.id}: level must be one of ${LEVELS.join(', ')}`);
    if (!Number.isInteger(exercise.minutes) || exercise.minutes < 1 || exercise.minutes > 240) {
      problems.push(`exercise ${exercise.id}: minutes must be a whole number from 1 to 240, not ${exercise.minutes}`);
    }
    const before = chapter.exercises[index - 1];
    if (before && LEVELS.indexOf(exercise.level) < LEVELS.indexOf(before.level)) {
      problems.push(
        `chapter ${chapter.number}: ${exercise.id} (${exercise.level}) comes after ${before.id} (${before.level}); order the manifest from warm-up to stretch`,
      );
    }
  });
  return problems;
}

function checkEntry(root: string, chapter: Chapter, exercise: Exercise, seen: Set<string>): string[] {
  const problems: string[] = [];
  const where = `exercise ${exercise.id}`;
  const match = idPattern.exec(exercise.id);
  if (!match) problems.push(`${where}: the id must look like NN.M (two-digit chapter, exercise number)`);
  else if (match[1] !== chapter.number)
    problems.push(`${where}: the id must start with its chapter number ${chapter.number}`);
  if (seen.has(exercise.id)) problems.push(`${where}: the id is used twice`);
  seen.add(exercise.id);

  if (exercise.grading === 'wrong-implementations')
    return [...problems, ...checkTestWritingEntry(root, chapter, exercise)];
  if (!exercise.stub.startsWith(`exercises/${chapter.slug}/`) || !exercise.stub.endsWith('.ts')) {
    problems.push(`${where}: the stub must be a .ts file under exercises/${chapter.slug}/, not ${exercise.stub}`);
  }
  if (!exercise.test.startsWith(`test/exercises/${chapter.slug}/`) || !exercise.test.endsWith('.test.ts')) {
    problems.push(
      `${where}: the test must be a .test.ts file under test/exercises/${chapter.slug}/, not ${exercise.test}`,
    );
  }
  if (exercise.hints.length < 2) problems.push(`${where}: give at least two hints, from gentle to explicit`);

  for (const file of [exercise.stub, toSolution(exercise.stub), exercise.test]) {
    if (!existsSync(path.join(root, file))) problems.push(`${where}: ${file} does not exist`);
  }
  const stubFile = path.join(root, exercise.stub);
  if (existsSync(stubFile) && !readFileSync(stubFile, 'utf8').includes(`new TodoError('${exercise.id}')`)) {
    problems.push(`${where}: the stub ${exercise.stub} must throw new TodoError('${exercise.id}')`);
  }
  const testFile = path.join(root, exercise.test);
  const alias = `#exercise/${exercise.stub.replace(/^exercises\//, '').replace(/\.ts$/, '')}`;
  if (existsSync(testFile) && !readFileSync(testFile, 'utf8').includes(`'${alias}'`)) {
    problems.push(`${where}: the test ${exercise.test} must import the exercise through '${alias}'`);
  }
  return problems;
}

/** An exercise where the learner writes the tests: a test file as stub, the grader as test, the module and its wrong twins. */
function checkTestWritingEntry(root: string, chapter: Chapter, exercise: Exercise): string[] {
  const problems: string[] = [];
  const where = `exercise ${exercise.id}`;
  const stub = new RegExp(`^exercises/${chapter.slug}/([^/]+)\\.test\\.ts$`).exec(exercise.stub);
  if (!stub) {
    problems.push(
      `${where}: a test-writing exercise's stub must be a test file exercises/${chapter.slug}/MM-slug.test.ts, not ${exercise.stub}`,
    );
    return problems;
  }
  if (exercise.test !== `test/exercises/${chapter.slug}/${stub[1]}.test.ts`) {
    problems.push(
      `${where}: its grader must be test/exercises/${chapter.slug}/${stub[1]}.test.ts, not ${exercise.test}`,
    );
  }
  if (exercise.hints.length < 2) problems.push(`${where}: give at least two hints, from gentle to explicit`);
  for (const file of [
    exercise.stub,
    toSolution(exercise.stub),
    exercise.test,
    `test/exercises/${chapter.slug}/${stub[1]}/subject.ts`,
  ]) {
    if (!existsSync(path.join(root, file))) problems.push(`${where}: ${file} does not exist`);
  }
  const read = (file: string): string =>
    existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : '';
  if (existsSync(path.join(root, exercise.stub)) && !read(exercise.stub).includes(`TODO(${exercise.id})`)) {
    problems.push(`${where}: the stub ${exercise.stub} must say what to test in a TODO(${exercise.id}) comment`);
  }
  if (
    existsSync(path.join(root, exercise.test)) &&
    !read(exercise.test).includes(`describeTestWritingExercise('${exercise.id}')`)
  ) {
    problems.push(`${where}: the grader ${exercise.test} must call describeTestWritingExercise('${exercise.id}')`);
  }
  const wrongDir = path.join(root, 'test/exercises', chapter.slug, stub[1]!, 'wrong');
  const wrong = existsSync(wrongDir) ? readdirSync(wrongDir).filter((name) => name.endsWith('.ts')) : [];
  if (wrong.length < MIN_WRONG_IMPLEMENTATIONS) {
    problems.push(
      `${where}: keep at least ${MIN_WRONG_IMPLEMENTATIONS} wrong implementations in ${path.relative(root, wrongDir)}/, not ${wrong.length}`,
    );
  }
  return problems;
}

/** A test-writing exercise is graded against at least this many near misses. */
export const MIN_WRONG_IMPLEMENTATIONS = 4;

/** What the course promises its learners: enough exercises, each chapter starting gently and ending with a stretch. */
export const COURSE_SHAPE = { minExercises: 72, minPerChapter: 9, warmUps: 2, warmUpMinutes: [5, 15] } as const;

/**
 * The shape of the course: at least 72 exercises and 9 per chapter; each chapter opens with two warm-ups of 5 to
 * 15 minutes (no warm-up is longer) and has at least one stretch. One sentence per problem.
 */
export function checkCourseShape(chapters: readonly Chapter[]): string[] {
  const problems: string[] = [];
  const total = chapters.reduce((sum, chapter) => sum + chapter.exercises.length, 0);
  if (total < COURSE_SHAPE.minExercises)
    problems.push(`the course has ${total} exercises; it promises at least ${COURSE_SHAPE.minExercises}`);
  const [shortest, longest] = COURSE_SHAPE.warmUpMinutes;
  for (const chapter of chapters) {
    const where = `chapter ${chapter.number}`;
    if (chapter.exercises.length < COURSE_SHAPE.minPerChapter) {
      problems.push(
        `${where} has ${chapter.exercises.length} exercises; each chapter has at least ${COURSE_SHAPE.minPerChapter}`,
      );
    }
    const opening = chapter.exercises.slice(0, COURSE_SHAPE.warmUps);
    if (opening.length < COURSE_SHAPE.warmUps || opening.some((e) => e.level !== 'warm-up')) {
      problems.push(
        `${where} must open with ${COURSE_SHAPE.warmUps} warm-ups; it opens with ${opening.map((e) => `${e.id} (${e.level})`).join(', ') || 'nothing'}`,
      );
    }
    for (const exercise of chapter.exercises) {
      if (exercise.level === 'warm-up' && (exercise.minutes < shortest || exercise.minutes > longest)) {
        problems.push(
          `exercise ${exercise.id}: a warm-up takes ${shortest} to ${longest} minutes, not ${exercise.minutes}; make it core or smaller`,
        );
      }
    }
    if (!chapter.exercises.some((e) => e.level === 'stretch')) problems.push(`${where} has no stretch exercise`);
  }
  return problems;
}

function toSolution(stub: string): string {
  return stub.replace(/^exercises\//, 'solutions/');
}

function listFiles(root: string, folder: string): string[] {
  const start = path.join(root, folder);
  if (!existsSync(start)) return [];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(start);
  return found;
}

/** Stub and solution must export the same names, types included, or a test written for one breaks on the other. */
function compareExports(root: string, exercises: readonly Exercise[]): string[] {
  if (exercises.length === 0) return [];
  const files = exercises.flatMap((e) => [path.join(root, e.stub), path.join(root, toSolution(e.stub))]);
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    // Export names need no standard library; parsing it took most of the time (over 15 s on a busy machine).
    noLib: true,
  });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string): string[] => {
    const source = program.getSourceFile(file);
    const symbol = source && checker.getSymbolAtLocation(source);
    return symbol
      ? checker
          .getExportsOfModule(symbol)
          .map((s) => s.getName())
          .sort()
      : [];
  };
  const problems: string[] = [];
  for (const exercise of exercises) {
    const stub = exportsOf(path.join(root, exercise.stub));
    const solution = exportsOf(path.join(root, toSolution(exercise.stub)));
    const missing = solution.filter((name) => !stub.includes(name));
    const extra = stub.filter((name) => !solution.includes(name));
    if (missing.length || extra.length) {
      problems.push(
        `exercise ${exercise.id}: stub and solution export different names` +
          (missing.length ? `; only the solution exports ${missing.join(', ')}` : '') +
          (extra.length ? `; only the stub exports ${extra.join(', ')}` : ''),
      );
    }
  }
  return problems;
}
