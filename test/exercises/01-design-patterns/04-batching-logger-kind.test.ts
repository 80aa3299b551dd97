import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidLoggerOptionsError } from '../../../chapters/01-design-patterns/logger-factory.js';
import { LoggerClosedError } from '../../../chapters/01-design-patterns/logger.js';
import type { LogRecord } from '../../../chapters/01-design-patterns/logger.js';
import { createLoggerFactory } from '../../../chapters/01-design-patterns/logger-kinds.js';
import { BatchingLogger, withBatchingLogger } from '#exercise/01-design-patterns/04-batching-logger-kind';

function recorder(): { send: (records: readonly LogRecord[]) => Promise<void>; batches: string[][] } {
  const batches: string[][] = [];
  return {
    batches,
    send: async (records) => {
      batches.push(records.map((r) => r.msg));
    },
  };
}

describe('01.4 a batching logger registered as a new factory kind', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('adds the batch kind to an existing factory and creates a BatchingLogger', () => {
    const { send } = recorder();
    const loggers = withBatchingLogger(createLoggerFactory());
    expect(loggers.kinds()).toEqual(['batch', 'console', 'file', 'memory']);
    expect(loggers.create('batch', { send, onError: vi.fn() })).toBeInstanceOf(BatchingLogger);
  });

  it('validates the batch options at creation', () => {
    const loggers = withBatchingLogger(createLoggerFactory());
    const { send } = recorder();
    expect(() => loggers.create('batch', { send, onError: vi.fn(), maxBatch: 0 })).toThrow(InvalidLoggerOptionsError);
    expect(() => loggers.createFromConfig('batch', { onError: vi.fn() })).toThrow(
      /invalid options for logger kind "batch"/,
    );
  });

  it('refuses a send or onError that is not a function, saying which', () => {
    const loggers = withBatchingLogger(createLoggerFactory());
    const { send } = recorder();
    expect(() => loggers.createFromConfig('batch', { send: 'https://logs.example/bulk', onError: vi.fn() })).toThrow(
      'send must be a function that ships a batch',
    );
    expect(() => loggers.createFromConfig('batch', { send, onError: 'console' })).toThrow('onError must be a function');
  });

  it('sends a batch as soon as maxBatch records are queued, not one call per record', async () => {
    const { send, batches } = recorder();
    const logger = withBatchingLogger(createLoggerFactory()).create('batch', { send, onError: vi.fn(), maxBatch: 3 });

    logger.log('info', 'a');
    logger.log('info', 'b');
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([]);
    logger.log('info', 'c');
    await vi.advanceTimersByTimeAsync(0);

    expect(batches).toEqual([['a', 'b', 'c']]);
    await logger.close();
  });

  it('sends a partial batch flushIntervalMs after its first record', async () => {
    const { send, batches } = recorder();
    const logger = withBatchingLogger(createLoggerFactory()).create('batch', {
      send,
      onError: vi.fn(),
      maxBatch: 100,
      flushIntervalMs: 1_000,
    });

    logger.log('info', 'lonely');
    await vi.advanceTimersByTimeAsync(999);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);

    expect(batches).toEqual([['lonely']]);
    await logger.close();
  });

  it('close() sends what is left, waits for the send, and leaves no timer behind', async () => {
    let delivered = false;
    const logger = withBatchingLogger(createLoggerFactory()).create('batch', {
      send: async () => {
        await Promise.resolve();
        delivered = true;
      },
      onError: vi.fn(),
    });
    logger.log('info', 'last words');

    await logger.close();

    expect(delivered).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(() => logger.log('info', 'too late')).toThrow(LoggerClosedError);
    expect(() => logger.log('info', 'too late')).toThrow(expect.objectContaining({ kind: 'batch' }));
  });

  it('hands a failed send and its records to onError and keeps sending later batches', async () => {
    const onError = vi.fn();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    const sent: string[][] = [];
    let calls = 0;
    const logger = withBatchingLogger(createLoggerFactory()).create('batch', {
      send: async (records) => {
        calls += 1;
        if (calls === 1) throw new Error('bulk endpoint returned 503');
        sent.push(records.map((r) => r.msg));
      },
      onError,
      maxBatch: 1,
    });

    logger.log('error', 'first');
    logger.log('error', 'second');
    await logger.close();
    process.off('unhandledRejection', unhandled);

    expect(onError).toHaveBeenCalledTimes(1);
    const [error, records] = onError.mock.calls[0] as [Error, LogRecord[]];
    expect(error.message).toBe('bulk endpoint returned 503');
    expect(records.map((r) => r.msg)).toEqual(['first']);
    expect(sent).toEqual([['second']]);
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('sends records with their level and fields, in the order they were logged', async () => {
    const batches: LogRecord[][] = [];
    const logger = withBatchingLogger(createLoggerFactory()).create('batch', {
      send: async (records) => {
        batches.push([...records]);
      },
      onError: vi.fn(),
      maxBatch: 2,
    });
    logger.log('warn', 'disk 90% full', { disk: '/var' });
    logger.log('error', 'disk full');
    await logger.close();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject([
      { level: 'warn', msg: 'disk 90% full', fields: { disk: '/var' } },
      { level: 'error', msg: 'disk full' },
    ]);
  });

  it('waits on one timer per batch, not one per record', async () => {
    const { send } = recorder();
    const logger = withBatchingLogger(createLoggerFactory()).create('batch', { send, onError: vi.fn(), maxBatch: 100 });
    logger.log('info', 'a');
    logger.log('info', 'b');
    logger.log('info', 'c');
    expect(vi.getTimerCount()).toBe(1);
    await logger.close();
  });

  it('starts the interval again for the next batch, after a timed send and after a full one', async () => {
    const { send, batches } = recorder();
    const logger = withBatchingLogger(createLoggerFactory()).create('batch', {
      send,
      onError: vi.fn(),
      maxBatch: 2,
      flushIntervalMs: 1_000,
    });

    logger.log('info', 'timed');
    await vi.advanceTimersByTimeAsync(1_000);
    logger.log('info', 'timed again');
    await vi.advanceTimersByTimeAsync(1_000);
    logger.log('info', 'full 1');
    logger.log('info', 'full 2');
    logger.log('info', 'after the full one');
    await vi.advanceTimersByTimeAsync(1_000);

    expect(batches).toEqual([['timed'], ['timed again'], ['full 1', 'full 2'], ['after the full one']]);
    await logger.close();
  });

  it('does not keep the process alive while a flush is pending', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const { send } = recorder();
    const logger = withBatchingLogger(createLoggerFactory()).create('batch', { send, onError: vi.fn() });
    logger.log('info', 'waiting for the interval');
    const timers = setTimeoutSpy.mock.results.map((result) => result.value as NodeJS.Timeout);
    setTimeoutSpy.mockRestore();
    expect(timers).toHaveLength(1);
    expect(timers[0]?.hasRef()).toBe(false);
    await logger.close();
  });

  it('hands a send that throws synchronously to onError too', async () => {
    const onError = vi.fn();
    const broken = new Error('send is not configured');
    const logger = withBatchingLogger(createLoggerFactory()).create('batch', {
      send: () => {
        throw broken;
      },
      onError,
      maxBatch: 1,
    });
    expect(() => logger.log('info', 'lost?')).not.toThrow();
    await logger.close();
    expect(onError).toHaveBeenCalledWith(broken, [expect.objectContaining({ msg: 'lost?' })]);
  });
});
