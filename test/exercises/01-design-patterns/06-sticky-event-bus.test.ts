import { describe, expect, it, vi } from 'vitest';
import { StickyEventBus } from '#exercise/01-design-patterns/06-sticky-event-bus';

interface AppEvents {
  ready: { port: number };
  'config.loaded': { region: string };
  request: { path: string };
}

function newBus(onError = vi.fn()): {
  bus: StickyEventBus<AppEvents, 'ready' | 'config.loaded'>;
  onError: typeof onError;
} {
  const bus = new StickyEventBus<AppEvents, 'ready' | 'config.loaded'>({ sticky: ['ready', 'config.loaded'], onError });
  return { bus, onError };
}

describe('01.6 a bus that replays sticky events to late subscribers', () => {
  it('gives a late subscriber the last payload of a sticky event at once, then later ones', () => {
    const { bus } = newBus();
    bus.emit('ready', { port: 3000 });

    const seen: number[] = [];
    bus.subscribe('ready', (p) => seen.push(p.port));
    expect(seen).toEqual([3000]);

    bus.emit('ready', { port: 3001 });
    expect(seen).toEqual([3000, 3001]);
  });

  it('does not replay events that are not sticky', () => {
    const { bus } = newBus();
    bus.emit('request', { path: '/health' });
    const listener = vi.fn();
    bus.subscribe('request', listener);
    expect(listener).not.toHaveBeenCalled();
    bus.emit('request', { path: '/orders' });
    expect(listener).toHaveBeenCalledWith({ path: '/orders' });
  });

  it('remembers only the latest payload', () => {
    const { bus } = newBus();
    bus.emit('config.loaded', { region: 'eu-west-1' });
    bus.emit('config.loaded', { region: 'us-east-1' });
    const listener = vi.fn();
    bus.subscribe('config.loaded', listener);
    expect(listener.mock.calls).toEqual([[{ region: 'us-east-1' }]]);
    expect(bus.last('config.loaded')).toEqual({ region: 'us-east-1' });
  });

  it('once() on a sticky event that already happened delivers it and leaves no listener', () => {
    const { bus } = newBus();
    bus.emit('ready', { port: 3000 });
    const listener = vi.fn();

    const off = bus.once('ready', listener);
    bus.emit('ready', { port: 4000 });
    off();

    expect(listener.mock.calls).toEqual([[{ port: 3000 }]]);
    expect(bus.listenerCount()).toBe(0);
  });

  it('once() before the event waits for it like a normal once', () => {
    const { bus } = newBus();
    const listener = vi.fn();
    bus.once('ready', listener);
    bus.emit('ready', { port: 1 });
    bus.emit('ready', { port: 2 });
    expect(listener.mock.calls).toEqual([[{ port: 1 }]]);
  });

  it('sends a replayed listener that throws or rejects to onError, with no unhandled rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    const { bus, onError } = newBus();
    bus.emit('ready', { port: 3000 });

    bus.subscribe('ready', () => {
      throw new Error('sync failure');
    });
    bus.subscribe('ready', async () => {
      throw new Error('async failure');
    });
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', unhandled);

    expect(onError.mock.calls.map(([error]) => (error as Error).message)).toEqual(['sync failure', 'async failure']);
    expect(onError).toHaveBeenCalledWith(expect.any(Error), { event: 'ready' });
    expect(onError.mock.calls.map(([, context]) => context as unknown)).toEqual([
      { event: 'ready' },
      { event: 'ready' },
    ]);
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('forget() stops the replay until the event is emitted again', () => {
    const { bus } = newBus();
    bus.emit('ready', { port: 3000 });
    bus.forget('ready');
    expect(bus.last('ready')).toBeUndefined();
    const listener = vi.fn();
    bus.subscribe('ready', listener);
    expect(listener).not.toHaveBeenCalled();
  });

  it('unsubscribing a replayed subscriber leaves no listener behind', () => {
    const { bus } = newBus();
    bus.emit('ready', { port: 3000 });
    const off = bus.subscribe('ready', () => {});
    expect(bus.listenerCount('ready')).toBe(1);
    off();
    off();
    expect(bus.listenerCount()).toBe(0);
  });

  it('sends a listener that fails on a later, live emit to onError too', async () => {
    const { bus, onError } = newBus();
    bus.subscribe('request', () => {
      throw new Error('live failure');
    });
    bus.emit('request', { path: '/orders' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'live failure' }), { event: 'request' });
  });
});
