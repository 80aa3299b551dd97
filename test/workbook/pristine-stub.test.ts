import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Exercise } from '../../workbook/manifest/index.js';
import { pristineStub } from '../../workbook/pristine-stub.js';

const exercise: Exercise = {
  id: '42.1',
  title: 'The answer',
  stub: 'exercises/42-answers/01-answer.ts',
  test: 'test/exercises/42-answers/01-answer.test.ts',
  hints: ['a', 'b'],
  services: [],
  minutes: 10,
  level: 'core' as const,
};
const stub = "export function answer(): number {\n  throw new TodoError('42.1');\n}\n";
let repo: string;

const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
const commit = (content: string, message: string): void => {
  writeFileSync(path.join(repo, exercise.stub), content);
  git('add', '.');
  git('commit', '-qm', message);
};

beforeEach(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'pristine-'));
  mkdirSync(path.join(repo, 'exercises/42-answers'), { recursive: true });
  git('init', '-q');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('reset finds the stub the workbook shipped', () => {
  it("skips the learner's committed solution and returns the newest stub", () => {
    commit(stub.replace('number', 'unknown'), 'first stub');
    commit(stub, 'stub fixed upstream');
    commit('export function answer(): number {\n  return 42;\n}\n', 'my solution');
    expect(pristineStub(exercise, repo)).toBe(stub);
  });

  it('says so when no committed version still throws the TodoError', () => {
    commit('export function answer(): number {\n  return 42;\n}\n', 'only a solution');
    expect(() => pristineStub(exercise, repo)).toThrow(
      /No committed version of exercises\/42-answers\/01-answer.ts still contains its stub/,
    );
  });
});
