import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request, Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sendOnOwnConnection } from '../../support/own-connection.js';

const fixture = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));
const children: ChildProcess[] = [];

function startService(env: Record<string, string> = {}): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr?.resume(); // JSON logs; not asserted here
  const stdout = child.stdout;
  if (stdout === null) throw new Error('no stdout');
  stdout.setEncoding('utf8');
  async function* readLines(): AsyncGenerator<string> {
    let buffer = '';
    for await (const chunk of stdout) {
      buffer += String(chunk);
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        yield buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    }
  }
  return { child, lines: readLines() };
}

async function waitForLine(lines: AsyncIterator<string>, predicate: (line: string) => boolean): Promise<string> {
  for (;;) {
    const next = await lines.next();
    if (next.done === true) throw new Error('the child closed stdout before printing the expected line');
    if (predicate(next.value)) return next.value;
  }
}

function get(port: number, path: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('graceful shutdown of a real process', () => {
  it('finishes all 50 in-flight slow requests after SIGTERM, then exits by itself with code 0', async () => {
    // A drain deadline beyond the test timeout: only closing idle keep-alive sockets lets the process end in time.
    const { child, lines } = startService({ SLOW_MS: '1500', DRAIN_MS: '120000' });
    const port = Number((await waitForLine(lines, (line) => line.startsWith('port '))).slice(5));
    // Keep-alive sockets the client never closes: the process can only exit if shutdown closes them.
    const agent = new Agent({ keepAlive: true, maxSockets: 50 });
    const responses = Array.from({ length: 50 }, () => get(port, '/slow', agent));
    await waitForLine(lines, (line) => line === 'in-flight 50');
    const exited = once(child, 'exit');

    child.kill('SIGTERM');

    const results = await Promise.all(responses);
    expect(results.every((result) => result.status === 200 && result.body === '{"done":true}')).toBe(true);
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    agent.destroy();
  }, 45_000);

  // #region accept-queue
  it('answers requests whose connections were still in the accept queue at SIGTERM, then exits by itself with code 0', async () => {
    const { child, lines } = startService({ SLOW_MS: '50' });
    const port = Number((await waitForLine(lines, (line) => line.startsWith('port '))).slice(5));
    // Stopped, the process accepts nothing: the kernel queues each connection and buffers its request.
    child.kill('SIGSTOP');
    const sent = Array.from({ length: 60 }, () => sendOnOwnConnection(port, 'GET', '/slow'));
    await Promise.all(sent.map((request) => request.written));
    const exited = once(child, 'exit');
    child.kill('SIGTERM'); // delivered when the process runs again, with all 60 still queued
    child.kill('SIGCONT');

    const outcomes = await Promise.all(sent.map((request) => request.outcome));
    expect(outcomes.filter((outcome) => !('status' in outcome) || outcome.status !== 200)).toEqual([]);
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 45_000);
  // #endregion accept-queue

  it('treats a duplicate SIGINT from the terminal as one, and a later SIGINT as a forced exit', async () => {
    const { child, lines } = startService({ SLOW_MS: '20000' });
    const port = Number((await waitForLine(lines, (line) => line.startsWith('port '))).slice(5));
    const agent = new Agent({ keepAlive: true });
    const pending = get(port, '/slow', agent).catch((error: unknown) => error);
    await waitForLine(lines, (line) => line === 'in-flight 1');
    const exited = once(child, 'exit');

    child.kill('SIGINT');
    child.kill('SIGINT'); // one Ctrl+C reaching the process twice (terminal + forwarding parent); the kernel may merge them
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(child.exitCode).toBeNull(); // still draining: the duplicate did not force anything
    child.kill('SIGINT');

    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    await pending;
    agent.destroy();
  }, 60_000);
});
