import { describe, expect, it } from 'vitest';
import { Emitter } from '#subject/01-design-patterns/09-emitter-tests';

interface Events {
  saved: string;
  deleted: string;
}

/** An emitter and a log of which listener saw which payload. */
function setUp(): { emitter: Emitter<Events>; calls: string[]; record: (name: string) => (payload: string) => void } {
  const calls: string[] = [];
  const record = (name: string) => (payload: string) => void calls.push(`${name}:${payload}`);
  return { emitter: new Emitter<Events>(), calls, record };
}

describe('01.9 Emitter', () => {
  it('calls the listeners of an event in subscription order and returns how many it called', () => {
    const { emitter, calls, record } = setUp();
    emitter.on('saved', record('a'));
    emitter.on('saved', record('b'));

    expect(emitter.emit('saved', 'x')).toBe(2);
    expect(calls).toEqual(['a:x', 'b:x']);
  });

  it('leaves the listeners of other events alone, and an event without listeners calls nobody', () => {
    const { emitter, calls, record } = setUp();
    emitter.on('deleted', record('d'));

    expect(emitter.emit('saved', 'x')).toBe(0);
    expect(calls).toEqual([]);
  });

  it('calls a once listener on the next emit only', () => {
    const { emitter, calls, record } = setUp();
    emitter.once('saved', record('once'));

    emitter.emit('saved', '1');
    emitter.emit('saved', '2');

    expect(calls).toEqual(['once:1']);
    expect(emitter.listenerCount('saved')).toBe(0);
  });

  it('treats the same function subscribed twice as two subscriptions, each removed by its own unsubscribe', () => {
    const { emitter, calls, record } = setUp();
    const listener = record('same');
    const offFirst = emitter.on('saved', listener);
    emitter.on('saved', listener);

    offFirst();
    emitter.emit('saved', 'x');

    expect(calls).toEqual(['same:x']);
    expect(emitter.listenerCount('saved')).toBe(1);
  });

  it('does nothing when an unsubscribe function is called a second time', () => {
    const { emitter, calls, record } = setUp();
    const off = emitter.on('saved', record('a'));
    emitter.on('saved', record('b'));

    off();
    off();
    emitter.emit('saved', 'x');

    expect(calls).toEqual(['b:x']);
    expect(emitter.listenerCount('saved')).toBe(1);
  });

  it('still calls the next listener when one unsubscribes itself during the emit', () => {
    const { emitter, calls, record } = setUp();
    const off = emitter.on('saved', (payload) => {
      calls.push(`self:${payload}`);
      off();
    });
    emitter.on('saved', record('next'));

    emitter.emit('saved', 'x');

    expect(calls).toEqual(['self:x', 'next:x']);
  });

  it('does not call a listener that an earlier listener of the same emit unsubscribed', () => {
    const { emitter, calls, record } = setUp();
    emitter.on('saved', () => offLater());
    const offLater = emitter.on('saved', record('later'));

    expect(emitter.emit('saved', 'x')).toBe(1);
    expect(calls).toEqual([]);
  });

  it('calls a listener subscribed during an emit from the next emit on', () => {
    const { emitter, calls, record } = setUp();
    emitter.once('saved', () => void emitter.on('saved', record('late')));

    emitter.emit('saved', '1');
    emitter.emit('saved', '2');

    expect(calls).toEqual(['late:2']);
  });

  it('calls every listener when one throws, then throws an AggregateError of the errors', () => {
    const { emitter, calls, record } = setUp();
    const boom = new Error('boom');
    emitter.on('saved', () => {
      throw boom;
    });
    emitter.on('saved', record('after'));

    let thrown: unknown;
    try {
      emitter.emit('saved', 'x');
    } catch (error) {
      thrown = error;
    }

    expect(calls).toEqual(['after:x']);
    expect(thrown).toBeInstanceOf(AggregateError);
    expect((thrown as AggregateError).errors).toEqual([boom]);
  });

  it('removes a once listener even when it throws', () => {
    const { emitter } = setUp();
    emitter.once('saved', () => {
      throw new Error('boom');
    });

    expect(() => emitter.emit('saved', '1')).toThrow();
    expect(emitter.listenerCount('saved')).toBe(0);
    expect(emitter.emit('saved', '2')).toBe(0);
  });

  it('runs a once listener once even when it emits its own event', () => {
    const { emitter, calls } = setUp();
    emitter.once('saved', (payload) => {
      calls.push(payload);
      if (payload === 'outer') emitter.emit('saved', 'inner');
    });

    emitter.emit('saved', 'outer');

    expect(calls).toEqual(['outer']);
  });
});
