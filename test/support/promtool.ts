/**
 * promtool for an exercise test: `PROMTOOL`, else `promtool` on the PATH (CI installs Debian's prometheus), else
 * ServiceMissingError saying how to install it (the CLI does not run such an exercise: it counts it as "needs promtool").
 *
 * @example
 * const { code, stdout } = await runPromtool(['check', 'rules', rulesFile]);
 */
import { execFile } from 'node:child_process';
import { needOf, promtoolCommand, ServiceMissingError } from '../../workbook/services.js';

export interface PromtoolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs promtool with `args`; a non-zero exit is a result (a rule file promtool refuses), not an exception. */
export async function runPromtool(
  args: readonly string[],
  options: { cwd?: string; signal?: AbortSignal } = {},
): Promise<PromtoolResult> {
  const command = promtoolCommand();
  if (!command)
    throw new ServiceMissingError(
      'promtool',
      `This exercise needs promtool, which is not on the PATH. To get it: ${needOf('promtool').fix}.`,
    );
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: options.cwd, signal: options.signal, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
