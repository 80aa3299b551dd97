import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Logger } from '../../../chapters/01-design-patterns/logger.js';
import {
  DuplicateLoggerKindError,
  InvalidLoggerOptionsError,
  LoggerFactory,
  UnknownLoggerKindError,
} from '../../../chapters/01-design-patterns/logger-factory.js';
import { createLoggerFactory } from '../../../chapters/01-design-patterns/logger-kinds.js';
import { MemoryLogger } from '../../../chapters/01-design-patterns/memory-logger.js';
import { StreamLogger } from '../../../chapters/01-design-patterns/stream-logger.js';
import { LoggerClosedError } from '../../../chapters/01-design-patterns/logger.js';

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

describe('LoggerFactory', () => {
  it('creates the registered product for a kind', () => {
    const loggers = createLoggerFactory();
    expect(loggers.create('memory')).toBeInstanceOf(MemoryLogger);
    expect(loggers.create('console', { stream: new PassThrough() })).toBeInstanceOf(StreamLogger);
  });

  it('fails on an unknown kind with an error that lists the known kinds', () => {
    const loggers = createLoggerFactory();
    let caught: unknown;
    try {
      loggers.createFromConfig('elastic', { host: 'elasticsearch:9200' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownLoggerKindError);
    expect((caught as UnknownLoggerKindError).code).toBe('LOGGER_KIND_UNKNOWN');
    expect((caught as UnknownLoggerKindError).message).toBe(
      'unknown logger kind "elastic": known kinds are console, file, memory',
    );
  });

  it('validates options at creation and names the kind and the bad option', () => {
    const loggers = createLoggerFactory();
    expect(() => loggers.create('file', { path: '' })).toThrow(InvalidLoggerOptionsError);
    expect(() => loggers.create('memory', { capacity: 0 })).toThrow(
      /invalid options for logger kind "memory"[\s\S]*capacity/,
    );
    expect(() => loggers.createFromConfig('file', { path: 42 })).toThrow(InvalidLoggerOptionsError);
  });

  it('keeps the zod issues on the error for programs to read', () => {
    try {
      createLoggerFactory().createFromConfig('memory', { capacity: -1 });
      expect.unreachable('expected InvalidLoggerOptionsError');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidLoggerOptionsError);
      expect((error as InvalidLoggerOptionsError).issues[0]?.path).toEqual(['capacity']);
    }
  });

  it('registers a new kind without touching the factory, returning a new factory that knows it', () => {
    const records: string[] = [];
    const prefixKind = {
      options: z.object({ prefix: z.string().min(1) }),
      create: (options: { prefix: string }): Logger => ({
        log: (_level, msg) => records.push(`${options.prefix}${msg}`),
        close: async () => {},
      }),
    };
    const base = createLoggerFactory();
    const extended = base.register('prefix', prefixKind);

    extended.create('prefix', { prefix: '> ' }).log('info', 'hello');

    expect(records).toEqual(['> hello']);
    expect(extended.kinds()).toEqual(['console', 'file', 'memory', 'prefix']);
    expect(base.kinds()).toEqual(['console', 'file', 'memory']);
  });

  it('refuses to register the same kind twice', () => {
    const factory = new LoggerFactory().register('memory', {
      options: z.object({}),
      create: () => new MemoryLogger(10),
    });
    expect(() => factory.register('memory', { options: z.object({}), create: () => new MemoryLogger(1) })).toThrow(
      DuplicateLoggerKindError,
    );
  });

  it('ties each kind to its own options in the types', () => {
    const loggers = createLoggerFactory();
    // @ts-expect-error the file kind requires a path
    expect(() => loggers.create('file', {})).toThrow(InvalidLoggerOptionsError);
    // @ts-expect-error capacity belongs to memory, not console
    expect(() => loggers.create('console', { capacity: 3, stream: 'stdout' })).toThrow(InvalidLoggerOptionsError);
    // @ts-expect-error kinds are checked by the compiler too
    expect(() => loggers.create('elastic')).toThrow(UnknownLoggerKindError);
  });
});

describe('console (stream) logger', () => {
  it('writes one JSON object per line, fields after time, level and msg', async () => {
    const stream = new PassThrough();
    const output = collect(stream);
    const logger = createLoggerFactory().create('console', { stream });

    logger.log('info', 'order paid', { orderId: 'o-1', level: 'spoofed' });
    await logger.close();

    const line = JSON.parse(output().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', msg: 'order paid', orderId: 'o-1' });
    expect(Object.keys(line).slice(0, 3)).toEqual(['time', 'level', 'msg']);
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('keeps the message when a field cannot be serialised', async () => {
    const stream = new PassThrough();
    const output = collect(stream);
    const logger = createLoggerFactory().create('console', { stream });
    logger.log('warn', 'big number', { n: 10n });
    await logger.close();
    expect(JSON.parse(output())).toMatchObject({ msg: 'big number', logError: expect.stringContaining('BigInt') });
  });

  it('writes readable text lines in text format', async () => {
    const stream = new PassThrough();
    const output = collect(stream);
    const logger = createLoggerFactory().create('console', { stream, format: 'text' });
    logger.log('error', 'payment failed', { orderId: 'o-2' });
    await logger.close();
    expect(output()).toMatch(/ ERROR payment failed orderId=o-2\n$/);
  });

  it('never throws from log() in text format on a BigInt or a circular field, and keeps the message', async () => {
    const stream = new PassThrough();
    const output = collect(stream);
    const logger = createLoggerFactory().create('console', { stream, format: 'text' });
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;

    expect(() => logger.log('info', 'big number', { n: 10n, orderId: 'o-3' })).not.toThrow();
    expect(() => logger.log('info', 'circular', { circular })).not.toThrow();
    await logger.close();

    const [first, second] = output().trimEnd().split('\n');
    expect(first).toMatch(/ INFO big number n=10 orderId=o-3$/);
    expect(second).toMatch(/ INFO circular circular=\[unserializable: .*circular/i);
  });

  it('refuses to log after close', async () => {
    const logger = createLoggerFactory().create('console', { stream: new PassThrough() });
    await logger.close();
    expect(() => logger.log('info', 'late')).toThrow(LoggerClosedError);
  });
});

describe('memory logger', () => {
  it('keeps only the latest records up to its capacity', () => {
    const logger = createLoggerFactory().create('memory', { capacity: 2 });
    logger.log('info', 'one');
    logger.log('info', 'two');
    logger.log('info', 'three');
    expect(logger.records.map((r) => r.msg)).toEqual(['two', 'three']);
  });
});
