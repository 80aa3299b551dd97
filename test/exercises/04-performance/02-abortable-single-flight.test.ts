import { describe, expect, it } from 'vitest';
import { AbortableSingleFlight } from '#exercise/04-performance/02-abortable-single-flight';

/** A load the test finishes by hand, remembering the signal it was given. */
function manualLoad<T>() {
  const calls: AbortSignal[] = [];
  let finish!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const load = (signal: AbortSignal): Promise<T> => {
    calls.push(signal);
    return new Promise<T>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { load, calls, finish: (value: T) => finish(value), fail: (error: unknown) => fail(error) };
}

describe('04.2 a single flight whose callers can stop waiting', () => {
  it('shares one load among concurrent callers of a key', async () => {
    const flights = new AbortableSingleFlight<string>();
    const { load, calls, finish } = manualLoad<string>();
    const results = Promise.all([flights.run('k', load), flights.run('k', load), flights.run('k', load)]);
    expect(flights.size).toBe(1);
    finish('loaded');
    expect(await results).toEqual(['loaded', 'loaded', 'loaded']);
    expect(calls).toHaveLength(1);
    expect(flights.size).toBe(0);
  });

  it('rejects the caller who aborts with its reason, and the others still get the value', async () => {
    const flights = new AbortableSingleFlight<string>();
    const { load, calls, finish } = manualLoad<string>();
    const impatient = new AbortController();
    const first = flights.run('k', load, impatient.signal);
    const second = flights.run('k', load, new AbortController().signal);
    impatient.abort(new Error('client went away'));
    await expect(first).rejects.toThrow('client went away');
    expect(calls[0]?.aborted).toBe(false);
    finish('loaded');
    await expect(second).resolves.toBe('loaded');
  });

  it('aborts the load and frees the key when every waiter has gone', async () => {
    const flights = new AbortableSingleFlight<string>();
    const { load, calls } = manualLoad<string>();
    const a = new AbortController();
    const b = new AbortController();
    const waits = [flights.run('k', load, a.signal), flights.run('k', load, b.signal)];
    a.abort(new Error('a left'));
    b.abort(new Error('b left'));
    await Promise.allSettled(waits);
    expect(calls[0]?.aborted).toBe(true);
    expect(flights.size).toBe(0);
  });

  it('starts a fresh load for the next caller after an abandoned one', async () => {
    const flights = new AbortableSingleFlight<string>();
    const abandoned = manualLoad<string>();
    const controller = new AbortController();
    const wait = flights.run('k', abandoned.load, controller.signal);
    controller.abort(new Error('gone'));
    await expect(wait).rejects.toThrow('gone');
    await expect(flights.run('k', async () => 'fresh')).resolves.toBe('fresh');
  });

  it('rejects at once, starting nothing, when the signal is already aborted', async () => {
    const flights = new AbortableSingleFlight<string>();
    const { load, calls } = manualLoad<string>();
    await expect(flights.run('k', load, AbortSignal.abort(new Error('too late')))).rejects.toThrow('too late');
    expect(calls).toHaveLength(0);
    expect(flights.size).toBe(0);
  });

  it('shares a load failure with every waiter, then loads again on the next call', async () => {
    const flights = new AbortableSingleFlight<string>();
    const { load, fail } = manualLoad<string>();
    const waits = Promise.all([flights.run('k', load), flights.run('k', load, new AbortController().signal)]);
    fail(new Error('database down'));
    await expect(waits).rejects.toThrow('database down');
    await expect(flights.run('k', async () => 'recovered')).resolves.toBe('recovered');
  });

  it('keeps the load going for a caller without a signal when the only caller with one aborts', async () => {
    const flights = new AbortableSingleFlight<string>();
    const { load, calls, finish } = manualLoad<string>();
    const patient = flights.run('k', load);
    const controller = new AbortController();
    const impatient = flights.run('k', load, controller.signal);
    controller.abort(new Error('bye'));
    await expect(impatient).rejects.toThrow('bye');
    expect(calls[0]?.aborted).toBe(false);
    expect(flights.size).toBe(1);
    finish('loaded');
    await expect(patient).resolves.toBe('loaded');
  });

  it('rejects the waiters and frees the key when the load throws before returning a promise', async () => {
    const flights = new AbortableSingleFlight<string>();
    const load = (): Promise<string> => {
      throw new Error('bad key');
    };
    await expect(flights.run('k', load, new AbortController().signal)).rejects.toThrow('bad key');
    expect(flights.size).toBe(0);
  });

  it('keeps a newer load of the key when an abandoned one settles afterwards', async () => {
    const flights = new AbortableSingleFlight<string>();
    const abandoned = manualLoad<string>();
    const controller = new AbortController();
    const gone = flights.run('k', abandoned.load, controller.signal);
    controller.abort(new Error('gone'));
    await expect(gone).rejects.toThrow('gone');
    const fresh = manualLoad<string>();
    const first = flights.run('k', fresh.load);
    abandoned.finish('stale'); // a load that ignores its signal still finishes, later
    await new Promise((resolve) => setImmediate(resolve));
    const second = flights.run('k', fresh.load);
    expect(fresh.calls).toHaveLength(1);
    fresh.finish('fresh');
    await expect(Promise.all([first, second])).resolves.toEqual(['fresh', 'fresh']);
  });

  it('keeps a newer load of the key when a waiter of a finished one aborts late', async () => {
    const flights = new AbortableSingleFlight<string>();
    const old = manualLoad<string>();
    const controller = new AbortController();
    flights.run('k', old.load, controller.signal).catch(() => {}); // whether it sees the value or its abort does not matter here
    old.finish('old');
    for (let tick = 0; tick < 50 && flights.size > 0; tick++) await Promise.resolve();
    expect(flights.size).toBe(0);
    const fresh = manualLoad<string>();
    const first = flights.run('k', fresh.load);
    controller.abort(new Error('left late'));
    const second = flights.run('k', fresh.load);
    expect(fresh.calls).toHaveLength(1);
    expect(fresh.calls[0]?.aborted).toBe(false);
    fresh.finish('fresh');
    await expect(Promise.all([first, second])).resolves.toEqual(['fresh', 'fresh']);
  });

  it("never aborts a load that has finished, when its callers' signals abort afterwards", async () => {
    const flights = new AbortableSingleFlight<string>();
    const { load, calls, finish } = manualLoad<string>();
    const controller = new AbortController();
    const wait = flights.run('k', load, controller.signal);
    finish('loaded');
    await expect(wait).resolves.toBe('loaded');
    controller.abort(new Error('request over'));
    expect(calls[0]?.aborted).toBe(false);
  });

  it('keeps keys apart', async () => {
    const flights = new AbortableSingleFlight<string>();
    const results = await Promise.all([flights.run('a', async () => 'A'), flights.run('b', async () => 'B')]);
    expect(results).toEqual(['A', 'B']);
  });
});
