/**
 * `npm run build`: compiles the capstone and everything it imports to JavaScript in `dist/`, so production runs
 * `node dist/capstone/main.js` with neither tsx nor dev dependencies. Sources already import `.js` paths and
 * NodeNext emits ES modules, so tsc's output runs as it is; this script adds what tsc cannot know: modules loaded
 * by URL at run time (worker threads), and non-TypeScript files the service reads.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodedError } from '../platform/errors/coded-error.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The production entry point, relative to the output directory. */
export const BUILD_ENTRY = 'capstone/main.js';

// #region runtime-loaded
/**
 * Modules nothing imports statically: they are started by URL (`new Worker(url)`, the pool's `import(href)`), so a
 * missing one would only show when the first invoice is built. The build fails instead.
 */
export const RUNTIME_LOADED_MODULES = [
  'chapters/04-performance/pool-worker-host.js',
  'capstone/orders/tasks/build-invoice.task.js',
] as const;

/** Files the service reads at run time that are not TypeScript (none today); copied next to their compiled peers. */
export const RUNTIME_ASSETS: readonly string[] = [];
// #endregion runtime-loaded

export class BuildError extends CodedError {
  readonly code = 'BUILD_FAILED';
}

export interface BuildResult {
  readonly outDir: string;
  readonly entry: string;
  readonly files: number;
}

function countJs(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) count += countJs(path.join(dir, entry.name));
    else if (entry.name.endsWith('.js')) count += 1;
  }
  return count;
}

/**
 * Cleans `outDir`, runs tsc with tsconfig.build.json, checks the run-time-loaded modules exist and copies assets.
 *
 * @example
 * const { entry } = await build({ outDir: '/tmp/app/dist' }); // then: node /tmp/app/dist/capstone/main.js
 */
export async function build(
  options: { outDir?: string; log?: (line: string) => void; typecheck?: boolean } = {},
): Promise<BuildResult> {
  const outDir = path.resolve(options.outDir ?? path.join(ROOT, 'dist'));
  const log = options.log ?? ((line: string): void => console.log(line));
  // A stale file from an earlier build (a module since deleted) must not ship.
  rmSync(outDir, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // `typecheck: false` only emits (a test that has typecheck beside it in verify); `npm run build` always checks.
  const check = options.typecheck === false ? ['--noCheck'] : [];
  const child = spawn(
    process.execPath,
    [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', outDir, ...check],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0)
    throw new BuildError(`tsc -p tsconfig.build.json failed with exit code ${code}: fix the errors above`);

  const missing = RUNTIME_LOADED_MODULES.filter((file) => !existsSync(path.join(outDir, file)));
  if (missing.length > 0) {
    throw new BuildError(
      `the build has no ${missing.join(', ')}: add the source to "include" in tsconfig.build.json (it is loaded by URL, so tsc cannot see it)`,
    );
  }
  for (const asset of RUNTIME_ASSETS) {
    const target = path.join(outDir, asset);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(ROOT, asset), target);
  }
  const entry = path.join(outDir, BUILD_ENTRY);
  if (!existsSync(entry)) throw new BuildError(`the build produced no ${BUILD_ENTRY}`);
  const result = { outDir, entry, files: countJs(outDir) };
  log(
    `built ${result.files} modules into ${path.relative(process.cwd(), outDir) || '.'}; run: node ${path.relative(process.cwd(), entry)}`,
  );
  return result;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    await build();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
