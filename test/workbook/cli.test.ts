import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exercises } from '../../workbook/manifest/index.js';
import { fromRoot } from '../../workbook/paths.js';

/** Runs the workbook CLI as `npm run workbook -- ...` does (without npm), with no terminal attached. */
function workbook(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return workbookWith({}, ...args);
}

function workbookWith(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('workbook/cli.ts'), ...args], {
    cwd: fromRoot(),
    env,
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
    expect(run.stderr).toContain(
      'Unknown command "frobnicate". Valid commands: test, status, next, hint, check, watch, diff, reset, solution.',
    );
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

describe('an exercise that needs a service this machine lacks', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'workbook-state-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
  // No AMQP_URL and no container runtime: what a learner without Docker or RabbitMQ has.
  const { AMQP_URL: _ignored, ...env } = process.env;
  const learner = { ...env, WORKBOOK_CONTAINER_RUNTIME: 'absent', WORKBOOK_STATE_DIR: stateDir };
  const needsRabbit = exercises.find((e) => e.services.includes('amqp'));

  it('is not run by check, exits 0, says what it needs and the one command, and is recorded as waiting', () => {
    expect(needsRabbit, 'the manifest has an exercise on RabbitMQ').toBeDefined();
    const run = workbookWith(learner, 'check', needsRabbit!.id);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${needsRabbit!.id} needs RabbitMQ, which this machine lacks: not run.`);
    expect(run.stdout).toMatch(/docker run .*rabbitmq/);
    const state = JSON.parse(readFileSync(path.join(stateDir, 'state.json'), 'utf8'));
    expect(state.results[needsRabbit!.id]).toMatchObject({ outcome: 'waiting', waitingFor: ['RabbitMQ'] });
  });

  it('shows as waiting in status, with how to get the service', () => {
    const run = workbookWith(learner, 'status');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${needsRabbit!.id.replace('.', '\\.')}\\s+waiting`));
    expect(run.stdout).toContain('needs RabbitMQ: start Docker or Podman');
    expect(run.stdout).toContain(`Waiting for a service (not counted as failing): ${needsRabbit!.id} needs RabbitMQ`);
  });
});
