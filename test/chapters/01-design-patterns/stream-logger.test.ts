import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Starts a fixture under tsx with all three standard streams piped to the test. */
function startFixture(name: string) {
  const fixture = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, stderr: () => stderr };
}

describe('console logger on a broken pipe', () => {
  it('survives EPIPE when the reader of stdout goes away (npm start | head), and says so once', async () => {
    const { child, exited, stderr } = startFixture('console-logger-broken-pipe.ts');
    await once(child.stdout, 'data');
    child.stdout.destroy(); // the reader goes away, as `head` does after its lines
    child.stdin.end();

    const [code] = await exited;

    expect(stderr()).toContain('survived the broken pipe');
    expect(code).toBe(0);
    expect(stderr().match(/EPIPE/g)).toHaveLength(1);
  }, 30_000);
});
