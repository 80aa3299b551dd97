import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLoggerFactory } from '../../../chapters/01-design-patterns/logger-kinds.js';

/** A destination that accepts writes but finishes none until `release()`: a stalled pipe or a full socket. */
class StalledDestination extends Writable {
  readonly written: string[] = [];
  readonly #waiting: (() => void)[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.written.push(chunk.toString('utf8'));
    this.#waiting.push(callback);
  }

  /** Lets everything queued so far (and what the stream hands on meanwhile) through. */
  release(): void {
    for (let next = this.#waiting.shift(); next; next = this.#waiting.shift()) next();
  }
}

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

describe('console logger on a stalled destination', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('buffers at most 1 MiB by default for a destination that accepts nothing, and counts the lines it drops', () => {
    const stream = new StalledDestination();
    const logger = createLoggerFactory().create('console', { stream });

    for (let i = 0; i < 50_000; i += 1) logger.log('info', 'order paid', { orderId: `o-${i}`, cents: 1999 });

    expect(stream.writableLength).toBeLessThanOrEqual(1024 * 1024 + 200);
    expect(logger.droppedLines).toBeGreaterThan(0);
  });

  it('writes how many lines it dropped once the destination has room again', () => {
    const stream = new StalledDestination();
    const logger = createLoggerFactory().create('console', { stream, maxBufferedBytes: 1024 });

    for (let i = 0; i < 100; i += 1) logger.log('info', 'order paid', { i });
    const dropped = logger.droppedLines;
    stream.release();
    logger.log('info', 'after the stall');
    stream.release();

    expect(dropped).toBeGreaterThan(0);
    const lines = stream.written
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-2)).toMatchObject({ level: 'warn', droppedLines: dropped });
    expect(lines.at(-1)).toMatchObject({ msg: 'after the stall' });
    expect(lines).toHaveLength(100 - dropped + 2);
  });

  it('rejects close() with LOGGER_CLOSE_TIMEOUT when the destination is still stalled at the deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stream = new StalledDestination();
    const logger = createLoggerFactory().create('console', { stream, closeTimeoutMs: 2_000 });
    logger.log('info', 'never leaves the buffer');

    let outcome: unknown = 'pending';
    logger.close().then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = error),
    );
    await vi.advanceTimersByTimeAsync(2_000);

    expect(outcome).toMatchObject({ code: 'LOGGER_CLOSE_TIMEOUT' });
  });

  it('resolves close() once the destination takes its lines, and leaves no timer behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stream = new StalledDestination();
    const logger = createLoggerFactory().create('console', { stream, closeTimeoutMs: 2_000 });
    logger.log('info', 'slow but delivered');

    const closing = logger.close();
    stream.release();

    await expect(closing).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    expect(stream.listenerCount('error')).toBe(0);
  });
});
