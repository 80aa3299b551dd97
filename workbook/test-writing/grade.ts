/**
 * Grading for the exercises where the learner writes the tests (manifest `grading: 'wrong-implementations'`): one
 * vitest run of the learner's test file against the correct module and against each wrong implementation kept in the
 * workbook. The test file imports the module as `#subject/NN-topic/MM-slug`; each vitest project points that
 * specifier at another file, so one start-up grades every implementation.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fromRoot, relativeToRoot, root } from '../paths.js';

/** One implementation the learner's tests ran against. */
export interface Implementation {
  /** `correct`, or the wrong implementation's file name without `.ts`. */
  readonly name: string;
  /** Absolute path. */
  readonly file: string;
  /** For a wrong implementation: the first sentence of its doc comment, which says what is wrong with it. */
  readonly mistake?: string;
}

export interface TestOutcome {
  readonly name: string;
  readonly state: 'passed' | 'failed' | 'skipped' | 'pending';
  readonly error?: string | undefined;
}

export interface ImplementationRun {
  readonly implementation: string;
  /** Errors that stopped the file from loading (a syntax error, a failed import). */
  readonly loadErrors: readonly string[];
  readonly tests: readonly TestOutcome[];
}

/** Where a test-writing exercise keeps its module: `test/exercises/NN-topic/MM-slug/` for stub `exercises/NN-topic/MM-slug.test.ts`. */
export function subjectDir(stub: string): string {
  const match = /^exercises\/([^/]+)\/([^/]+)\.test\.ts$/.exec(stub);
  if (!match) throw new Error(`A test-writing exercise's stub must be exercises/NN-topic/MM-slug.test.ts, not ${stub}`);
  return fromRoot('test', 'exercises', match[1]!, match[2]!);
}

/** `#subject/NN-topic/MM-slug`, the specifier the learner's tests import. */
export function subjectSpecifier(stub: string): string {
  return `#subject/${relativeToRoot(subjectDir(stub)).replace(/^test\/exercises\//, '')}`;
}

/** The correct module (`subject.ts`), then every wrong implementation in `wrong/`, sorted by name. */
export function implementationsIn(dir: string): Implementation[] {
  const wrongDir = path.join(dir, 'wrong');
  const wrong = readdirSync(wrongDir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => {
      const file = path.join(wrongDir, name);
      return { name: name.slice(0, -'.ts'.length), file, mistake: firstDocSentence(readFileSync(file, 'utf8')) };
    });
  return [{ name: 'correct', file: path.join(dir, 'subject.ts') }, ...wrong];
}

/** The first sentence of the first `/** ... *\/` comment, or the file name's words when there is none. */
export function firstDocSentence(source: string): string {
  const comment = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1];
  if (!comment) return '(no description)';
  const text = comment
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .filter(Boolean)
    .join(' ');
  return /^(.*?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
}

export interface GradeOptions {
  /** The learner's test file, relative to the root or absolute. */
  readonly testFile: string;
  /** The import specifier the test file uses for the module (`#subject/NN-topic/MM-slug`). */
  readonly specifier: string;
  readonly implementations: readonly Implementation[];
  /** Aborts the vitest child. */
  readonly signal?: AbortSignal;
}

/** Runs the test file once per implementation, in one vitest process; one ImplementationRun per implementation. */
export async function gradeTestFile({
  testFile,
  specifier,
  implementations,
  signal,
}: GradeOptions): Promise<ImplementationRun[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'workbook-test-writing-'));
  try {
    const out = path.join(work, 'runs.json');
    const config = path.join(work, 'vitest.config.mjs');
    const include = [relativeToRoot(path.resolve(root, testFile))];
    const pattern = new RegExp(`^${specifier.replace(/[/.-]/g, '\\$&')}$`);
    const projects = implementations.map((implementation) => ({
      resolve: { alias: [{ find: `@@SPECIFIER@@`, replacement: implementation.file }] },
      test: { name: implementation.name, root, include, testTimeout: 10_000 },
    }));
    // A RegExp does not survive JSON: write the config as code with the pattern in place.
    const projectsCode = JSON.stringify(projects, null, 2).replaceAll('"@@SPECIFIER@@"', pattern.toString());
    writeFileSync(
      config,
      `export default { test: { root: ${JSON.stringify(root)}, projects: ${projectsCode}, reporters: [${JSON.stringify(fromRoot('workbook/test-writing/reporter.ts'))}] } };\n`,
    );
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
    await promisify(execFile)(
      process.execPath,
      [fromRoot('node_modules/vitest/vitest.mjs'), 'run', '--config', config],
      {
        cwd: root,
        env: { ...env, WORKBOOK_TEST_WRITING_OUT: out, NO_COLOR: '1' },
        signal,
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: unknown) => {
      // vitest exits 1 when a test fails, which is the point for wrong implementations: only a missing report is an error.
      if (!readFileIfPresent(out)) throw error;
    });
    return JSON.parse(readFileSync(out, 'utf8')) as ImplementationRun[];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function readFileIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Counts of one run. */
export function tally(run: ImplementationRun | undefined): { passed: number; failed: number; total: number } {
  const tests = run?.tests ?? [];
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.filter((t) => t.state === 'failed').length + (run?.loadErrors.length ?? 0);
  return { passed, failed, total: tests.length };
}
