import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypedEventBus } from '../../../chapters/01-design-patterns/typed-event-bus.js';
import { WaitForTimeoutError, waitFor } from '#exercise/01-design-patterns/05-wait-for-event';

interface JobEvents {
  'job.done': { jobId: string; ok: boolean };
  'job.started': { jobId: string };
}

function newBus(): TypedEventBus<JobEvents> {
  return new TypedEventBus<JobEvents>({ onError: vi.fn() });
}

describe('01.5 waitFor: await the next event, with a filter, a timeout and a signal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the next payload and leaves no listener or timer behind', async () => {
    const bus = newBus();
    const waiting = waitFor(bus, 'job.done', { timeoutMs: 1_000 });
    expect(bus.listenerCount('job.done')).toBe(1);

    bus.emit('job.done', { jobId: 'j-1', ok: true });

    await expect(waiting).resolves.toEqual({ jobId: 'j-1', ok: true });
    expect(bus.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores payloads the filter rejects and keeps listening', async () => {
    const bus = newBus();
    const waiting = waitFor(bus, 'job.done', { filter: (p) => p.jobId === 'j-2' });

    bus.emit('job.done', { jobId: 'j-1', ok: true });
    expect(bus.listenerCount('job.done')).toBe(1);
    bus.emit('job.done', { jobId: 'j-2', ok: false });

    await expect(waiting).resolves.toEqual({ jobId: 'j-2', ok: false });
    expect(bus.listenerCount()).toBe(0);
  });

  it('rejects with WaitForTimeoutError after timeoutMs and unsubscribes', async () => {
    const bus = newBus();
    const outcome = waitFor(bus, 'job.done', { timeoutMs: 2_000 }).catch((error: unknown) => error);

    await vi.advanceTimersByTimeAsync(2_000);

    const error = await outcome;
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    expect(error).toMatchObject({ code: 'WAIT_FOR_TIMEOUT', message: 'no matching "job.done" event within 2000 ms' });
    expect(bus.listenerCount()).toBe(0);
  });

  it('rejects with the signal reason when aborted, and cleans up the listener and the timer', async () => {
    const bus = newBus();
    const controller = new AbortController();
    const outcome = waitFor(bus, 'job.done', { signal: controller.signal, timeoutMs: 5_000 }).catch(
      (error: unknown) => error,
    );

    const reason = new Error('request cancelled');
    controller.abort(reason);

    expect(await outcome).toBe(reason);
    expect(bus.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once, without subscribing, when the signal is already aborted', async () => {
    const bus = newBus();
    const reason = new Error('already gone');
    const outcome = waitFor(bus, 'job.done', { signal: AbortSignal.abort(reason) }).catch((error: unknown) => error);
    expect(bus.listenerCount()).toBe(0);
    expect(await outcome).toBe(reason);
  });

  it('rejects the wait with the error of a throwing filter, and unsubscribes', async () => {
    const bus = newBus();
    const broken = new Error('filter bug');
    const outcome = waitFor(bus, 'job.done', {
      filter: () => {
        throw broken;
      },
    }).catch((error: unknown) => error);

    bus.emit('job.done', { jobId: 'j-1', ok: true });

    expect(await outcome).toBe(broken);
    expect(bus.listenerCount()).toBe(0);
  });

  it('does not remove other listeners of the same event', async () => {
    const bus = newBus();
    const other = vi.fn();
    bus.subscribe('job.done', other);
    const waiting = waitFor(bus, 'job.done');
    bus.emit('job.done', { jobId: 'j-1', ok: true });
    await waiting;
    bus.emit('job.done', { jobId: 'j-2', ok: true });
    expect(other).toHaveBeenCalledTimes(2);
    expect(bus.listenerCount()).toBe(1);
  });

  it('waits as long as it takes when no timeoutMs is given', async () => {
    const bus = newBus();
    const waiting = waitFor(bus, 'job.done');
    await vi.advanceTimersByTimeAsync(60 * 60 * 1_000);
    bus.emit('job.done', { jobId: 'j-slow', ok: true });
    await expect(waiting).resolves.toEqual({ jobId: 'j-slow', ok: true });
  });

  it('removes its abort listener from the signal once it settles, whichever way', async () => {
    const bus = newBus();
    const controller = new AbortController();

    const matched = waitFor(bus, 'job.done', { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    bus.emit('job.done', { jobId: 'j-1', ok: true });
    await matched;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

    const timedOut = waitFor(bus, 'job.done', { signal: controller.signal, timeoutMs: 10 }).catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(await timedOut).toBeInstanceOf(WaitForTimeoutError);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
