import { describe, expect, it } from 'vitest';
import { LoggerClosedError } from '../../../chapters/01-design-patterns/logger.js';
import type { LogLevel } from '../../../chapters/01-design-patterns/logger.js';
import { MemoryLogger } from '../../../chapters/01-design-patterns/memory-logger.js';
import { withFields, withMinLevel } from '#exercise/01-design-patterns/03-logger-decorators';

describe('01.3 logger decorators', () => {
  it('withMinLevel forwards records at or above the minimum level, unchanged', () => {
    const inner = new MemoryLogger(100);
    const logger = withMinLevel(inner, 'warn');

    logger.log('debug', 'noise');
    logger.log('info', 'chatter');
    logger.log('warn', 'disk 90% full', { disk: '/var' });
    logger.log('error', 'disk full');

    expect(inner.records.map((r) => [r.level, r.msg])).toEqual([
      ['warn', 'disk 90% full'],
      ['error', 'disk full'],
    ]);
    expect(inner.records[0]?.fields).toEqual({ disk: '/var' });
  });

  it('withMinLevel("debug") forwards everything', () => {
    const inner = new MemoryLogger(100);
    const logger = withMinLevel(inner, 'debug');
    for (const level of ['debug', 'info', 'warn', 'error'] as const) logger.log(level, level);
    expect(inner.records).toHaveLength(4);
  });

  it('withMinLevel refuses an unknown level when it is wired, naming the allowed ones', () => {
    const inner = new MemoryLogger(10);
    expect(() => withMinLevel(inner, 'verbose' as LogLevel)).toThrow(RangeError);
    expect(() => withMinLevel(inner, 'verbose' as LogLevel)).toThrow('use one of debug, info, warn, error');
  });

  it('withFields adds the bound fields to every record, and call-site fields win', () => {
    const inner = new MemoryLogger(10);
    const logger = withFields(inner, { service: 'checkout', requestId: 'r-1' });

    logger.log('info', 'paid', { requestId: 'r-2', orderId: 'o-1' });
    logger.log('info', 'no fields');

    expect(inner.records[0]?.fields).toEqual({ service: 'checkout', requestId: 'r-2', orderId: 'o-1' });
    expect(inner.records[1]?.fields).toEqual({ service: 'checkout', requestId: 'r-1' });
  });

  it('closing a decorator closes the logger it wraps', async () => {
    const inner = new MemoryLogger(10);
    const logger = withMinLevel(withFields(inner, { service: 'checkout' }), 'info');

    await logger.close();

    expect(() => inner.log('info', 'after close')).toThrow(LoggerClosedError);
  });

  it('decorators compose: filtering and fields together', () => {
    const inner = new MemoryLogger(10);
    const logger = withMinLevel(withFields(inner, { service: 'checkout' }), 'info');
    logger.log('debug', 'dropped');
    logger.log('info', 'kept');
    expect(inner.records.map((r) => ({ msg: r.msg, fields: r.fields }))).toEqual([
      { msg: 'kept', fields: { service: 'checkout' } },
    ]);
  });
});
