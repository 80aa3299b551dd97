import { describe, expect, it } from 'vitest';
import { splitReasons, type PartProfile } from '#exercise/06-microservices/07-split-reasons';

const api: PartProfile = { name: 'api', scalesWith: 'requests', owner: 'shop', maxLagSeconds: 0 };
const part = (changes: Partial<PartProfile>): PartProfile => ({ ...api, name: 'other', ...changes });

describe('06.7 the reasons to split a service', () => {
  it('gives no reason for two parts with the same load, owner and tolerance: keep the monolith', () => {
    expect(splitReasons(api, part({}))).toEqual([]);
    expect(splitReasons(part({ maxLagSeconds: 60 }), part({ maxLagSeconds: 3600 }))).toEqual([]);
  });

  it('names scaling when the loads follow different things', () => {
    expect(splitReasons(api, part({ scalesWith: 'cpu-bursts' }))).toEqual(['scaling']);
  });

  it('names ownership when different teams own the parts', () => {
    expect(splitReasons(api, part({ owner: 'payments' }))).toEqual(['ownership']);
  });

  it('names failure tolerance when exactly one part may lag, whichever it is', () => {
    expect(splitReasons(api, part({ maxLagSeconds: 60 }))).toEqual(['failure-tolerance']);
    expect(splitReasons(part({ maxLagSeconds: 0.5 }), api)).toEqual(['failure-tolerance']);
  });

  it('lists every reason that applies, in the order scaling, ownership, failure tolerance', () => {
    const email = part({ name: 'email', scalesWith: 'nightly-batch', owner: 'growth', maxLagSeconds: 60 });
    expect(splitReasons(email, api)).toEqual(['scaling', 'ownership', 'failure-tolerance']);
  });

  it('rejects a negative or non-finite lag, naming the part', () => {
    expect(() => splitReasons(api, part({ name: 'billing', maxLagSeconds: -1 }))).toThrow(RangeError);
    expect(() => splitReasons(api, part({ name: 'billing', maxLagSeconds: -1 }))).toThrow(/billing/);
    expect(() => splitReasons(part({ name: 'search', maxLagSeconds: Number.NaN }), api)).toThrow(/search/);
    expect(() => splitReasons(api, part({ name: 'mail', maxLagSeconds: Number.POSITIVE_INFINITY }))).toThrow(/mail/);
  });

  it('leaves both arguments unchanged', () => {
    const other = part({ owner: 'payments' });
    const before = structuredClone([api, other]);
    splitReasons(api, other);
    expect([api, other]).toEqual(before);
  });
});
