import { spawn } from 'node:child_process';
import { fromRoot, root } from './paths.js';

export interface VitestRun {
  /** Extra arguments after `vitest`, e.g. `['run', 'test/exercises']`. */
  readonly args: readonly string[];
  /** Run the tests against solutions/ instead of exercises/. */
  readonly solutions?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** `inherit` streams vitest's output to the terminal; `ignore` keeps it quiet (the JSON report still lands). */
  readonly output?: 'inherit' | 'ignore';
}

export interface VitestExit {
  readonly code: number;
  /** What vitest wrote to stderr when the output was not inherited. */
  readonly stderr: string;
}

/** Runs the workbook's vitest with Node itself (no shell), so it behaves the same on Windows, macOS and Linux. */
export function runVitest({ args, solutions = false, env = {}, output = 'inherit' }: VitestRun): Promise<VitestExit> {
  const child = spawn(process.execPath, [fromRoot('node_modules', 'vitest', 'vitest.mjs'), ...args], {
    cwd: root,
    stdio: ['inherit', output, output === 'ignore' ? 'pipe' : 'inherit'],
    env: { ...process.env, ...env, WORKBOOK_TARGET: solutions ? 'solutions' : 'exercises' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === null) reject(new Error(`vitest was stopped by ${signal ?? 'a signal'}\n${stderr}`));
      else resolve({ code, stderr });
    });
  });
}
