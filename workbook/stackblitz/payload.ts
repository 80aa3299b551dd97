import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Exercise } from '../manifest/index.js';
import { root as repositoryRoot } from '../paths.js';

/** A StackBlitz WebContainer project (`@stackblitz/sdk`'s `Project` with `template: 'node'`). */
export interface StackBlitzProject {
  readonly title: string;
  readonly description: string;
  readonly template: 'node';
  /** Repository-relative path to file contents, exactly as in the repository. */
  readonly files: Record<string, string>;
}

/** Raised when an exercise cannot run in the browser: it needs a service, or imports something we cannot ship. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
  readonly code = 'STACKBLITZ_PAYLOAD';
}

export function supportsStackBlitz(exercise: Exercise): boolean {
  return exercise.services.length === 0;
}

/**
 * Assembles the self-contained project a learner opens in StackBlitz: the stub, its test, every repository file they
 * import (followed transitively), a tsconfig, and a package.json that runs vitest with the same `#exercise/*` alias.
 * Everything is read from the repository at build time, so the payload cannot drift from the tested files.
 */
export function buildPayload(exercise: Exercise, root: string = repositoryRoot): StackBlitzProject {
  if (!supportsStackBlitz(exercise)) {
    throw new PayloadError(`Exercise ${exercise.id} needs ${exercise.services.join(', ')}, which StackBlitz cannot provide.`);
  }
  const files: Record<string, string> = {};
  // tsx too: the worker-pool chapter loads TypeScript task modules in worker threads through it.
  const packages = new Set<string>(['vitest', 'typescript', 'tsx']);
  const pending = [exercise.test, exercise.stub];
  const follow = (file: string, source: string): void => {
    for (const { fileName: specifier } of ts.preProcessFile(source, true, true).importedFiles) {
      if (specifier.startsWith('#exercise/')) pending.push(`exercises/${specifier.slice('#exercise/'.length)}.ts`);
      else if (specifier.startsWith('.')) pending.push(resolveRelative(root, file, specifier));
      else if (!specifier.startsWith('node:')) packages.add(packageName(specifier));
    }
    // Files loaded at run time, e.g. worker modules: `new URL('./tasks/echo.ts', import.meta.url)`. An interpolated
    // extension (`./host${ext}`) resolves to the TypeScript file.
    for (const match of source.matchAll(/new URL\(\s*['"`](\.{1,2}\/[^'"`]+)['"`]\s*,\s*import\.meta\.url/g)) {
      pending.push(resolveRelative(root, file, match[1]!.replace(/\$\{[^}]*\}$/, '')));
    }
  };
  // A solved exercise may lean on chapter modules the stub does not import yet: ship those too.
  follow(exercise.stub, readFileSync(path.join(root, exercise.stub.replace(/^exercises\//, 'solutions/')), 'utf8'));

  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files[file] !== undefined) continue;
    const source = readFileSync(path.join(root, file), 'utf8');
    files[file] = source;
    follow(file, source);
  }

  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    engines?: Record<string, string>;
  };
  const versions = { ...manifest.dependencies, ...manifest.devDependencies };
  const dependencies: Record<string, string> = {};
  for (const name of [...packages].sort()) {
    const version = versions[name] ?? versions[`@types/${name}`];
    if (!version) throw new PayloadError(`Exercise ${exercise.id} imports "${name}", which package.json does not list.`);
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

function resolveRelative(root: string, importer: string, specifier: string): string {
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(importer), specifier));
  const candidates = [joined.replace(/\.js$/, '.ts'), joined, `${joined}.ts`, `${joined}/index.ts`];
  const found = candidates.find((candidate) => existsSync(path.join(root, candidate)));
  if (!found) throw new PayloadError(`${importer} imports "${specifier}", which does not exist.`);
  if (found.startsWith('..')) throw new PayloadError(`${importer} imports "${specifier}", outside the repository.`);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
