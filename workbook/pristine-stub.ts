import { execFileSync } from 'node:child_process';
import type { Exercise } from './manifest/index.js';
import { root } from './paths.js';
import { UsageError } from './usage-error.js';

/** The stub as the workbook shipped it: the newest committed version that still throws this exercise's TodoError. */
export function pristineStub(exercise: Exercise, cwd: string = root): string {
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let commits: string[];
  try {
    commits = git(['log', '--format=%H', '--', exercise.stub]).split('\n').filter(Boolean);
  } catch (error) {
    throw new UsageError(
      `\`reset\` restores stubs from git history, and git could not be used here (${(error as Error).message.split('\n')[0]}).`,
      {
        cause: error,
      },
    );
  }
  const marker = `new TodoError('${exercise.id}')`;
  for (const commit of commits) {
    const content = git(['show', `${commit}:${exercise.stub}`]);
    if (content.includes(marker)) return content;
  }
  throw new UsageError(`No committed version of ${exercise.stub} still contains its stub (${marker}).`);
}
