import { describe, expect, it } from 'vitest';
import { ResourceStack } from '#exercise/08-production/08-resource-stack';

/** A promise the test settles by hand, to see what happens while a close is still running. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('08.8 resource stack', () => {
  it('closes the last registered resource first', async () => {
    const stack = new ResourceStack();
    const order: string[] = [];
    for (const name of ['mongo', 'broker', 'consumer']) stack.register(name, () => void order.push(name));
    const report = await stack.closeAll();
    expect(order).toEqual(['consumer', 'broker', 'mongo']);
    expect(report).toEqual({ closed: ['consumer', 'broker', 'mongo'], failures: [] });
  });

  it('starts a close only after the previous one has finished', async () => {
    const stack = new ResourceStack();
    const events: string[] = [];
    const consumerStopped = deferred();
    stack.register('broker', () => void events.push('broker closing'));
    stack.register('consumer', async () => {
      events.push('consumer closing');
      await consumerStopped.promise;
      events.push('consumer closed');
    });
    const done = stack.closeAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['consumer closing']);
    consumerStopped.resolve();
    await done;
    expect(events).toEqual(['consumer closing', 'consumer closed', 'broker closing']);
  });

  it('keeps closing after a close rejects, and reports the failure with its message', async () => {
    const stack = new ResourceStack();
    const order: string[] = [];
    stack.register('mongo', () => void order.push('mongo'));
    stack.register('broker', () => Promise.reject(new Error('channel already closed')));
    stack.register('consumer', () => void order.push('consumer'));
    const report = await stack.closeAll();
    expect(order).toEqual(['consumer', 'mongo']);
    expect(report).toEqual({
      closed: ['consumer', 'mongo'],
      failures: [{ resource: 'broker', error: 'channel already closed' }],
    });
  });

  it('treats a close that throws synchronously like one that rejects, whatever it throws', async () => {
    const stack = new ResourceStack();
    stack.register('cache', () => {
      throw 'socket gone';
    });
    stack.register('tracer', () => {
      throw new TypeError('exporter is not a function');
    });
    await expect(stack.closeAll()).resolves.toEqual({
      closed: [],
      failures: [
        { resource: 'tracer', error: 'exporter is not a function' },
        { resource: 'cache', error: 'socket gone' },
      ],
    });
  });

  it('closes nothing twice: a second closeAll() gives the same report', async () => {
    const stack = new ResourceStack();
    let closes = 0;
    stack.register('mongo', () => {
      closes += 1;
    });
    const first = await stack.closeAll();
    const second = await stack.closeAll();
    expect(closes).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual({ closed: ['mongo'], failures: [] });
  });

  it('closes nothing twice even when closeAll() is called again while closing', async () => {
    const stack = new ResourceStack();
    let closes = 0;
    stack.register('mongo', async () => {
      closes += 1;
      await new Promise((resolve) => setImmediate(resolve));
    });
    const [first, second] = await Promise.all([stack.closeAll(), stack.closeAll()]);
    expect(closes).toBe(1);
    expect(second).toEqual(first);
  });

  it('refuses a resource registered once closing has begun, naming it', async () => {
    const stack = new ResourceStack();
    stack.register('mongo', () => undefined);
    const closing = stack.closeAll();
    expect(() => stack.register('late-worker', () => undefined)).toThrow(/late-worker/);
    await closing;
    expect(() => stack.register('later-worker', () => undefined)).toThrow(/later-worker/);
  });

  it('reports nothing when nothing was registered', async () => {
    await expect(new ResourceStack().closeAll()).resolves.toEqual({ closed: [], failures: [] });
  });
});
