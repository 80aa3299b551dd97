import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Exercise, solutionPath } from '../manifest/index.js';
import { root as repositoryRoot } from '../paths.js';
import { type ImportClosure, ImportClosureError, importClosure } from '../import-closure.js';
import { CodedError } from '../../platform/errors/coded-error.js';

/** A StackBlitz WebContainer project (`@stackblitz/sdk`'s `Project` with `template: 'node'`). */
export interface StackBlitzProject {
  readonly title: string;
  readonly description: string;
  readonly template: 'node';
  /** Repository-relative path to file contents, exactly as in the repository. */
  readonly files: Record<string, string>;
}

/** Raised when an exercise cannot run in the browser: it needs a service, or imports something we cannot ship. */
export class PayloadError extends CodedError {
  readonly code = 'STACKBLITZ_PAYLOAD';
}

/** An exercise without services, graded by its own test file (a test-writing exercise's grader runs vitest itself). */
export function supportsStackBlitz(exercise: Exercise): boolean {
  return exercise.services.length === 0 && exercise.grading !== 'wrong-implementations';
}

/**
 * Assembles the self-contained project a learner opens in StackBlitz: the stub, its test, every repository file they
 * import (followed transitively), a tsconfig, and a package.json that runs vitest with the same `#exercise/*` alias.
 * Everything is read from the repository at build time, so the payload cannot drift from the tested files.
 */
export function buildPayload(exercise: Exercise, root: string = repositoryRoot): StackBlitzProject {
  if (exercise.grading === 'wrong-implementations') {
    throw new PayloadError(
      `Exercise ${exercise.id} is graded by running your tests against wrong implementations, in a vitest of its own: run it locally.`,
    );
  }
  if (!supportsStackBlitz(exercise)) {
    throw new PayloadError(
      `Exercise ${exercise.id} needs ${exercise.services.join(', ')}, which StackBlitz cannot provide.`,
    );
  }
  // A solved exercise may lean on chapter modules the stub does not import yet: ship those too.
  let closure: ImportClosure;
  try {
    closure = importClosure([exercise.test, exercise.stub], { root, exercises: 'exercises' });
    const solved = importClosure([solutionPath(exercise)], { root, exercises: 'exercises' });
    for (const [file, source] of solved.files) if (!file.startsWith('solutions/')) closure.files.set(file, source);
    for (const name of solved.packages) closure.packages.add(name);
  } catch (error) {
    if (error instanceof ImportClosureError) throw new PayloadError(error.message, { cause: error });
    throw error;
  }
  const files: Record<string, string> = Object.fromEntries([...closure.files].sort(([a], [b]) => a.localeCompare(b)));
  // tsx too: the worker-pool chapter loads TypeScript task modules in worker threads through it.
  const packages = new Set<string>(['vitest', 'typescript', 'tsx', ...closure.packages]);

  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    engines?: Record<string, string>;
  };
  const versions = { ...manifest.dependencies, ...manifest.devDependencies };
  const dependencies: Record<string, string> = {};
  for (const name of [...packages].sort()) {
    const version = versions[name] ?? versions[`@types/${name}`];
    if (!version)
      throw new PayloadError(`Exercise ${exercise.id} imports "${name}", which package.json does not list.`);
    dependencies[name] = versions[name] ?? version;
    if (versions[`@types/${name}`]) dependencies[`@types/${name}`] = versions[`@types/${name}`]!;
  }
  if (versions['@types/node']) dependencies['@types/node'] = versions['@types/node'];

  files['package.json'] =
    JSON.stringify(
      {
        name: `workbook-exercise-${exercise.id.replace('.', '-')}`,
        private: true,
        type: 'module',
        engines: manifest.engines,
        // Only the learner's side of the alias: in StackBlitz you edit the stub until the test passes.
        imports: { '#exercise/*': './exercises/*.ts' },
        scripts: { test: `vitest ${exercise.test}` },
        devDependencies: dependencies,
      },
      null,
      2,
    ) + '\n';
  files['tsconfig.json'] = readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
  files['README.md'] =
    `# Exercise ${exercise.id}: ${exercise.title}\n\n` +
    `Edit \`${exercise.stub}\` until \`npm test\` passes. The test is \`${exercise.test}\`.\n\n` +
    `Hints, from gentle to explicit (read one at a time):\n\n` +
    exercise.hints.map((hint, index) => `${index + 1}. ${hint}`).join('\n') +
    '\n';

  return {
    title: `Workbook ${exercise.id}: ${exercise.title}`,
    description: `Advanced Node.js Workbook exercise ${exercise.id}`,
    template: 'node',
    files,
  };
}
