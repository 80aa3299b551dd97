import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineFactory, UnknownTraitError, type SequenceContext } from '#exercise/05-testing/01-test-data-factory';

interface Account {
  readonly name: string;
  readonly email: string;
  readonly role: 'user' | 'admin';
  readonly verified: boolean;
}

const account = (ctx: SequenceContext): Account => ({
  name: `User ${ctx.sequence}`,
  email: `${ctx.unique('user')}@example.test`,
  role: 'user',
  verified: true,
});

describe('05.1 a test-data factory with sequences and traits', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes 1,000 distinct emails in a tight loop with the clock frozen', () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const accounts = defineFactory(account);
    const emails = Array.from({ length: 1000 }, () => accounts.build().email);
    expect(new Set(emails).size).toBe(1000);
  });

  it('gives two factories defined in the same millisecond different values (two parallel test files)', () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    expect(defineFactory(account).build().email).not.toBe(defineFactory(account).build().email);
  });

  it('builds unique values as prefix-runTag-sequence', () => {
    const accounts = defineFactory(account, { runTag: 'abc' });
    expect(accounts.build().email).toBe('user-abc-1@example.test');
    expect(accounts.build().email).toBe('user-abc-2@example.test');
  });

  it('applies traits in order, then overrides, and a trait function sees the same sequence as the base', () => {
    const accounts = defineFactory(account, {
      runTag: 't',
      traits: {
        admin: { role: 'admin' },
        unverified: { verified: false },
        renamed: (ctx) => ({ name: `Renamed ${ctx.sequence}` }),
      },
    });
    expect(accounts.build({ verified: true }, ['admin', 'unverified', 'renamed'])).toEqual({
      name: 'Renamed 1',
      email: 'user-t-1@example.test',
      role: 'admin',
      verified: true,
    });
  });

  it('refuses an unknown trait, naming the ones it has, and uses no sequence number for it', () => {
    const accounts = defineFactory(account, { runTag: 't', traits: { admin: { role: 'admin' } } });
    expect(() => accounts.build({}, ['superuser'])).toThrow(UnknownTraitError);
    expect(() => accounts.build({}, ['superuser'])).toThrow(/unknown trait "superuser".*admin/);
    expect(accounts.build().email).toBe('user-t-1@example.test');
  });

  it('tags a factory without a runTag with 6 random hex characters, the same for all its builds', () => {
    const accounts = defineFactory(account);
    const first = /^user-([0-9a-f]{6})-1@example\.test$/.exec(accounts.build().email);
    expect(first).not.toBeNull();
    expect(accounts.build().email).toBe(`user-${first?.[1]}-2@example.test`);
  });

  it('names every defined trait, or (none), when refusing an unknown one, and builds nothing for it', () => {
    const base = vi.fn(account);
    const accounts = defineFactory(base, { traits: { admin: { role: 'admin' }, unverified: { verified: false } } });
    expect(() => accounts.build({}, ['admin', 'superuser'])).toThrow(UnknownTraitError);
    expect(() => accounts.build({}, ['admin', 'superuser'])).toThrow(
      expect.objectContaining({
        name: 'UnknownTraitError',
        code: 'UNKNOWN_TRAIT',
        message: 'unknown trait "superuser"; this factory defines: admin, unverified',
      }),
    );
    expect(base).not.toHaveBeenCalled();
    expect(() => defineFactory(account).build({}, ['admin'])).toThrow(
      'unknown trait "admin"; this factory defines: (none)',
    );
  });

  it('builds a list with distinct sequence numbers', () => {
    const list = defineFactory(account, { runTag: 'l' }).buildList(3, { role: 'admin' });
    expect(list.map((a) => [a.email, a.role])).toEqual([
      ['user-l-1@example.test', 'admin'],
      ['user-l-2@example.test', 'admin'],
      ['user-l-3@example.test', 'admin'],
    ]);
  });

  it('builds an empty list for 0 and refuses a count that is not a whole number >= 0, naming it', () => {
    const accounts = defineFactory(account, { runTag: 'l' });
    expect(accounts.buildList(0)).toEqual([]);
    expect(() => accounts.buildList(-1)).toThrow(RangeError);
    expect(() => accounts.buildList(-1)).toThrow(/-1/);
    expect(() => accounts.buildList(1.5)).toThrow(/1\.5/);
    expect(accounts.build().email).toBe('user-l-1@example.test');
  });
});
