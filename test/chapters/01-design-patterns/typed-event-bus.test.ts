import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ListenerFailedError, TypedEventBus } from '../../../chapters/01-design-patterns/typed-event-bus.js';

interface ShopEvents {
  'order.paid': { orderId: string; cents: number };
  'order.cancelled': { orderId: string };
  tick: number;
}

function newBus(onError = vi.fn()): { bus: TypedEventBus<ShopEvents>; onError: typeof onError } {
  return { bus: new TypedEventBus<ShopEvents>({ onError }), onError };
}

/** Lets every pending promise callback run (rejections included) before asserting. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('TypedEventBus: subscribing', () => {
  it('delivers the payload to every listener in subscription order', () => {
    const { bus } = newBus();
    const seen: string[] = [];
    bus.subscribe('order.paid', (p) => seen.push(`a:${p.orderId}`));
    bus.subscribe('order.paid', (p) => seen.push(`b:${p.cents}`));
    bus.emit('order.paid', { orderId: 'o-1', cents: 500 });
    expect(seen).toEqual(['a:o-1', 'b:500']);
  });

  it('checks payload types per event', () => {
    const { bus } = newBus();
    // @ts-expect-error tick carries a number, not an object
    bus.emit('tick', { orderId: 'x' });
    // @ts-expect-error unknown event names do not compile
    bus.subscribe('order.shipped', () => {});
    expect(bus.listenerCount('tick')).toBe(0);
  });

  it('stops delivering after unsubscribe, and unsubscribing twice is harmless', () => {
    const { bus } = newBus();
    const listener = vi.fn();
    const off = bus.subscribe('tick', listener);
    off();
    off();
    bus.emit('tick', 1);
    expect(listener).not.toHaveBeenCalled();
    expect(bus.listenerCount('tick')).toBe(0);
  });

  it('an old unsubscribe never removes a later subscription of the same function', () => {
    const { bus } = newBus();
    const listener = vi.fn();
    const offFirst = bus.subscribe('tick', listener);
    offFirst();
    bus.subscribe('tick', listener);
    offFirst();
    bus.emit('tick', 2);
    expect(listener).toHaveBeenCalledWith(2);
  });

  it('once() delivers exactly one event, even when the listener emits again', () => {
    const { bus } = newBus();
    const received: number[] = [];
    bus.once('tick', (n) => {
      received.push(n);
      bus.emit('tick', n + 1); // re-entrant emit must not call this once-listener again
    });
    bus.emit('tick', 1);
    bus.emit('tick', 3);
    expect(received).toEqual([1]);
    expect(bus.listenerCount('tick')).toBe(0);
  });

  it('once() can be cancelled before the event', () => {
    const { bus } = newBus();
    const listener = vi.fn();
    bus.once('tick', listener)();
    bus.emit('tick', 1);
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('TypedEventBus: changing listeners during an emit', () => {
  // #region no-skip
  it('does not skip the next listener when one unsubscribes itself mid-emit', () => {
    const { bus } = newBus();
    const calls: string[] = [];
    const offA = bus.subscribe('tick', () => {
      calls.push('a');
      offA();
    });
    bus.subscribe('tick', () => calls.push('b'));
    bus.subscribe('tick', () => calls.push('c'));

    bus.emit('tick', 1);
    bus.emit('tick', 2);

    expect(calls).toEqual(['a', 'b', 'c', 'b', 'c']);
  });
  // #endregion no-skip

  it('does not call a listener that an earlier listener removed during the same emit', () => {
    const { bus } = newBus();
    const calls: string[] = [];
    bus.subscribe('tick', () => {
      calls.push('a');
      offB();
    });
    const offB = bus.subscribe('tick', () => calls.push('b'));
    bus.subscribe('tick', () => calls.push('c'));
    bus.emit('tick', 1);
    expect(calls).toEqual(['a', 'c']);
  });

  it('does not call a listener added during an emit until the next emit', () => {
    const { bus } = newBus();
    const late = vi.fn();
    bus.once('tick', () => {
      bus.subscribe('tick', late);
    });
    bus.emit('tick', 1);
    expect(late).not.toHaveBeenCalled();
    bus.emit('tick', 2);
    expect(late).toHaveBeenCalledWith(2);
  });
});

describe('TypedEventBus: failing listeners', () => {
  const unhandled = vi.fn();
  beforeEach(() => {
    unhandled.mockClear();
    process.on('unhandledRejection', unhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', unhandled);
  });

  it('sends a throwing listener to onError and still runs the others', () => {
    const { bus, onError } = newBus();
    const after = vi.fn();
    const boom = new Error('boom');
    bus.subscribe('tick', () => {
      throw boom;
    });
    bus.subscribe('tick', after);

    expect(() => bus.emit('tick', 1)).not.toThrow();
    expect(onError).toHaveBeenCalledWith(boom, { event: 'tick' });
    expect(after).toHaveBeenCalledWith(1);
  });

  // #region no-unhandled
  it('sends a rejected async listener to onError and never raises an unhandled rejection', async () => {
    const { bus, onError } = newBus();
    const failure = new Error('invoice service down');
    bus.subscribe('order.paid', async () => {
      await Promise.resolve();
      throw failure;
    });

    bus.emit('order.paid', { orderId: 'o-1', cents: 100 });
    await settle();

    expect(onError).toHaveBeenCalledWith(failure, { event: 'order.paid' });
    expect(unhandled).not.toHaveBeenCalled();
  });
  // #endregion no-unhandled

  it('handles a rejecting thenable that is not a native promise', async () => {
    const { bus, onError } = newBus();
    const failure = new Error('thenable');
    const thenable: PromiseLike<void> = {
      then: (_ok, fail) => {
        fail?.(failure);
        return thenable as PromiseLike<never>;
      },
    };
    bus.subscribe('tick', () => thenable);
    bus.emit('tick', 1);
    await settle();
    expect(onError).toHaveBeenCalledWith(failure, { event: 'tick' });
    expect(unhandled).not.toHaveBeenCalled();
  });
});

describe('TypedEventBus: an onError handler that throws', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('does not let it escape emit(): the later listeners still run, and a process warning reports it', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const handlerFailure = new Error('the error handler is broken too');
    const { bus } = newBus(
      vi.fn(() => {
        throw handlerFailure;
      }),
    );
    const later = vi.fn();
    bus.subscribe('tick', () => {
      throw new Error('listener threw');
    });
    bus.subscribe('tick', later);

    expect(() => bus.emit('tick', 1)).not.toThrow();
    expect(later).toHaveBeenCalledWith(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatchObject({ code: 'BUS_ON_ERROR_FAILED', cause: handlerFailure });
  });

  it('keeps the process alive when it throws for a sync and an async listener failure (child process)', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/bus-with-throwing-on-error.ts', import.meta.url));
    const outcome = await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture], { timeout: 30_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

    expect(outcome.code).toBe(0);
    expect(outcome.stderr).not.toContain('emit threw');
    expect(outcome.stdout).toContain('still running; later listener ran: true');
    expect(outcome.stderr.match(/BUS_ON_ERROR_FAILED/g)).toHaveLength(2);
  }, 40_000);
});

describe('TypedEventBus: emitAndWait', () => {
  it('resolves only after every async listener has finished', async () => {
    const { bus } = newBus();
    const done: string[] = [];
    bus.subscribe('order.paid', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      done.push('slow');
    });
    bus.subscribe('order.paid', () => {
      done.push('sync');
    });
    await bus.emitAndWait('order.paid', { orderId: 'o-1', cents: 1 });
    expect(done.sort()).toEqual(['slow', 'sync']);
  });

  it('lets every listener finish, then rejects with all failures instead of calling onError', async () => {
    const { bus, onError } = newBus();
    const finished = vi.fn();
    bus.subscribe('tick', async () => {
      throw new Error('first');
    });
    bus.subscribe('tick', () => {
      throw new Error('second');
    });
    bus.subscribe('tick', async () => {
      await Promise.resolve();
      finished();
    });

    const error = await bus.emitAndWait('tick', 1).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(ListenerFailedError);
    expect((error as ListenerFailedError).errors.map((e) => (e as Error).message)).toEqual(['first', 'second']);
    expect(finished).toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('removes once-listeners it delivered to', async () => {
    const { bus } = newBus();
    bus.once('tick', async () => {});
    await bus.emitAndWait('tick', 1);
    expect(bus.listenerCount()).toBe(0);
  });
});

describe('TypedEventBus: memory', () => {
  it('returns to zero listeners and no event entries as listeners come and go', () => {
    const { bus } = newBus();
    for (let round = 0; round < 1_000; round += 1) {
      const offs = [
        bus.subscribe('tick', () => {}),
        bus.subscribe('order.paid', () => {}),
        bus.subscribe('order.cancelled', () => {}),
      ];
      bus.once('tick', () => {});
      expect(bus.listenerCount()).toBe(4);
      bus.emit('tick', round); // consumes the once-listener
      for (const off of offs) off();
    }
    expect(bus.listenerCount()).toBe(0);
    expect(bus.eventNames()).toEqual([]);
  });

  it('deletes an event entry as soon as its last listener leaves', () => {
    const { bus } = newBus();
    const offA = bus.subscribe('tick', () => {});
    const offB = bus.subscribe('tick', () => {});
    offA();
    expect(bus.eventNames()).toEqual(['tick']);
    offB();
    expect(bus.eventNames()).toEqual([]);
  });

  it('clear() removes everything and leaves old unsubscribes harmless', () => {
    const { bus } = newBus();
    const listener = vi.fn();
    const off = bus.subscribe('tick', listener);
    bus.clear();
    off();
    bus.emit('tick', 1);
    expect(listener).not.toHaveBeenCalled();
    expect(bus.listenerCount()).toBe(0);
  });
});
