import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/etcd-instance.ts', import.meta.url));

export interface ChildInstance {
  readonly child: ChildProcess;
  readonly port: number;
  readonly id: string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly stderr: () => string;
  readonly stdout: () => string;
}

/** Starts fixtures/etcd-instance.ts in its own process and waits until it has registered. */
export async function startChildInstance(etcdUrl: string, prefix: string, name: string): Promise<ChildInstance> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, etcdUrl, prefix, name], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  let stdout = '';
  const ready = new Promise<{ port: number; id: string }>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { port: number; id: string });
    });
    void exited.then(({ code }) => reject(new Error(`instance exited with ${code} before registering: ${stderr}`)));
  });
  const { port, id } = await ready;
  return { child, port, id, exited, stderr: () => stderr, stdout: () => stdout };
}
