import { describe, expect, it } from 'vitest';
import { stepAlertKeepFiring } from '#exercise/08-production/03-alert-keep-firing';
import type { KeepFiringOptions, KeepFiringState } from '#exercise/08-production/03-alert-keep-firing';

/** Evaluates every 10 s over a list of condition values; returns the events with their times. */
function run(conditions: readonly boolean[], options: KeepFiringOptions): { events: string[]; last: KeepFiringState } {
  let state: KeepFiringState = { phase: 'inactive' };
  const events: string[] = [];
  conditions.forEach((holds, i) => {
    const now = i * 10_000;
    const step = stepAlertKeepFiring(state, holds, now, options);
    state = step.state;
    if (step.event) events.push(`${step.event}@${now / 1000}s`);
  });
  return { events, last: state };
}

const T = true;
const F = false;

describe('08.3 alert with keep_firing_for', () => {
  it('fires once after the condition held for forMs, as the chapter state machine does', () => {
    expect(run([T, T, T, T], { forMs: 20_000, keepFiringForMs: 0 }).events).toEqual(['firing@20s']);
  });

  it('keeps one alert firing through a flapping condition instead of re-firing on every flap', () => {
    const flapping = [T, T, T, F, T, F, T, F, F, T, F, T];
    // Without keep_firing_for, every flap is a page and a resolution.
    expect(run(flapping, { forMs: 0, keepFiringForMs: 0 }).events).toEqual([
      'firing@0s',
      'resolved@30s',
      'firing@40s',
      'resolved@50s',
      'firing@60s',
      'resolved@70s',
      'firing@90s',
      'resolved@100s',
      'firing@110s',
    ]);
    expect(run(flapping, { forMs: 0, keepFiringForMs: 30_000 })).toEqual({
      events: ['firing@0s'],
      last: { phase: 'firing', since: 0 },
    });
  });

  it('resolves once the condition has stayed false for keepFiringForMs', () => {
    const { events, last } = run([T, T, T, F, F, F, F, F], { forMs: 20_000, keepFiringForMs: 30_000 });
    expect(events).toEqual(['firing@20s', 'resolved@60s']);
    expect(last).toEqual({ phase: 'inactive' });
  });

  it('forgets clearSince when the condition holds again', () => {
    const { events, last } = run([T, F, F, T], { forMs: 0, keepFiringForMs: 60_000 });
    expect(events).toEqual(['firing@0s']);
    expect(last).toEqual({ phase: 'firing', since: 0 });
  });

  it('remembers since when the condition stopped holding, from the first evaluation that did not hold', () => {
    expect(run([T, F, F], { forMs: 0, keepFiringForMs: 60_000 }).last).toEqual({
      phase: 'firing',
      since: 0,
      clearSince: 10_000,
    });
  });

  it('drops a pending alert silently when the condition stops before forMs', () => {
    expect(run([T, F, T, F], { forMs: 30_000, keepFiringForMs: 60_000 })).toEqual({
      events: [],
      last: { phase: 'inactive' },
    });
  });

  it('refuses negative or non-finite durations, naming the option', () => {
    expect(() =>
      stepAlertKeepFiring({ phase: 'firing', since: 0 }, true, 0, { forMs: 0, keepFiringForMs: -5 }),
    ).toThrow(/keepFiringForMs/);
    expect(() =>
      stepAlertKeepFiring({ phase: 'pending', since: 0 }, false, 0, {
        forMs: Number.POSITIVE_INFINITY,
        keepFiringForMs: 0,
      }),
    ).toThrow(/forMs/);
    expect(() => stepAlertKeepFiring({ phase: 'inactive' }, true, 0, { forMs: -1, keepFiringForMs: 0 })).toThrow(
      /forMs/,
    );
    expect(() =>
      stepAlertKeepFiring({ phase: 'inactive' }, true, 0, { forMs: 0, keepFiringForMs: Number.NaN }),
    ).toThrow(/keepFiringForMs/);
  });
});
