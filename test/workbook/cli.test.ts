import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exercises } from '../../workbook/manifest/index.js';
import { fromRoot } from '../../workbook/paths.js';

/** Runs the workbook CLI as `npm run workbook -- ...` does (without npm), with no terminal attached. */
function workbook(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('workbook/cli.ts'), ...args], {
    cwd: fromRoot(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the workbook CLI', () => {
  it('exits 2 on an unknown command and lists the valid ones', () => {
    const run = workbook('frobnicate');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown command "frobnicate". Valid commands: test, status, next, hint, check, watch, diff, reset, solution.');
  });

  it('exits 2 on an unknown exercise id and lists the valid ones', () => {
    const run = workbook('hint', '99.9');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown exercise id "99.9". Valid ids: ');
    expect(run.stderr).toContain(exercises[0]!.id);
  });

  it('exits 2 when a command that needs an id gets none', () => {
    const run = workbook('check');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/`check` needs an exercise id/);
  });

  it('will not show a solution without confirmation when no terminal can ask', () => {
    const run = workbook('solution', exercises[0]!.id);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`npm run workbook -- solution ${exercises[0]!.id} --yes`);
    expect(run.stdout).not.toContain('export');
  });

  it('shows the diff between the learner file and the solution', () => {
    const exercise = exercises[0]!;
    const run = workbook('diff', exercise.id);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`--- ${exercise.stub.replace(/[.]/g, '\\.')}`));
    expect(run.stdout).toContain(`+++ ${exercise.stub.replace(/^exercises\//, 'solutions/')}`);
  });
});
