import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileLogger } from '../../../chapters/01-design-patterns/file-logger.js';
import { LoggerClosedError } from '../../../chapters/01-design-patterns/logger.js';
import { createLoggerFactory } from '../../../chapters/01-design-patterns/logger-kinds.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workbook-file-logger-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function readNowOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

async function readLines(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('file logger', () => {
  it('has every line on disk, in order, once close() resolves', async () => {
    const path = join(dir, 'app.log');
    const logger = createLoggerFactory().create('file', { path });

    for (let i = 0; i < 1_000; i += 1) logger.log('info', `line ${i}`, { i });
    await logger.close();

    const lines = await readLines(path);
    expect(lines).toHaveLength(1_000);
    expect(lines[0]).toMatchObject({ msg: 'line 0', i: 0 });
    expect(lines[999]).toMatchObject({ msg: 'line 999', i: 999 });
  });

  it('returns from log() before the line is written: no synchronous write per line', async () => {
    const path = join(dir, 'async.log');
    const logger = createLoggerFactory().create('file', { path });

    logger.log('info', 'queued');
    // Still in the same synchronous turn: a stream cannot have written yet, a sync append already would have.
    expect(readNowOrEmpty(path)).toBe('');
    await logger.close();
    await expect(readLines(path)).resolves.toMatchObject([{ msg: 'queued' }]);
  });

  it('appends by default and truncates with append: false', async () => {
    const path = join(dir, 'mode.log');
    const loggers = createLoggerFactory();
    for (const append of [true, true]) {
      const logger = loggers.create('file', { path, append });
      logger.log('info', 'kept');
      await logger.close();
    }
    expect(await readLines(path)).toHaveLength(2);

    const truncating = loggers.create('file', { path, append: false });
    truncating.log('info', 'fresh');
    await truncating.close();
    expect(await readLines(path)).toMatchObject([{ msg: 'fresh' }]);
  });

  it('reports an open failure to onError and from close(), instead of crashing the process', async () => {
    const onError = vi.fn();
    const logger = new FileLogger({ path: join(dir, 'missing', 'dir', 'app.log'), append: true, onError });

    logger.log('info', 'lost');

    await expect(logger.close()).rejects.toMatchObject({ code: 'ENOENT' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('can be closed twice and refuses to log after close', async () => {
    const logger = createLoggerFactory().create('file', { path: join(dir, 'twice.log') });
    await logger.close();
    await logger.close();
    expect(() => logger.log('info', 'late')).toThrow(LoggerClosedError);
  });
});
