import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fromRoot } from '../../workbook/paths.js';

const run = promisify(execFile);

/**
 * Runs `chapters/<chapter>/demo.ts` as `npm run demo` does and returns what it printed. The timeout kills a demo that
 * leaves a server, client, timer or worker open, which would otherwise hang the test: exiting by itself is the point.
 */
export async function runDemo(
  chapter: string,
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', fromRoot('chapters', chapter, 'demo.ts')], {
    timeout: options.timeoutMs,
    env: options.env ?? process.env,
  });
  return stdout;
}
