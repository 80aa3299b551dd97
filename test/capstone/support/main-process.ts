/**
 * `workbook/start.ts` in a child process, started as `npm start` starts it (no IPC channel), for the tests that signal
 * it as a user or an orchestrator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { MAIN, testEnv } from './capstone-harness.js';

export interface StartedMain {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A loopback port free right now (bind to 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts main.ts like `npm start` and waits for the banner's last line. */
export async function startMain(env: NodeJS.ProcessEnv): Promise<StartedMain> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code }) => reject(new Error(`main.ts exited with ${code} before it was ready:\n${output}`)));
  });
  return { child, output: () => output, exited };
}

/** Kills a child that is still running (SIGKILL) and waits for it: for afterEach. */
export async function stopMain(started: StartedMain | undefined): Promise<void> {
  if (started === undefined) return;
  if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
  await started.exited;
}

/** The env of a user with no services: stand-ins everywhere, whatever this test run has set. */
export function userEnv(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { AUTH_JWT_SECRET: _secret, ...env } = testEnv('npm_start');
  return {
    ...process.env,
    ...env,
    REDIS_URL: '',
    AMQP_URL: '',
    MONGODB_URI: '',
    WORKBOOK_MONGO_PROVIDER: 'embedded',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    ...extra,
  };
}
