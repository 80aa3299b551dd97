import { describe, expect, it } from 'vitest';
import { findDisagreements } from '#exercise/05-testing/08-contract-diff';

class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

describe('05.8 two implementations of one port on the same inputs', () => {
  it('finds nothing when both return the same values, compared by structure', async () => {
    const reference = (n: number): { doubled: number[] } => ({ doubled: [n * 2] });
    const candidate = (n: number): { doubled: number[] } => ({ doubled: [n + n] });
    await expect(findDisagreements(reference, candidate, [0, 1, 21])).resolves.toEqual([]);
    await expect(findDisagreements(reference, candidate, [])).resolves.toEqual([]);
  });

  it('reports each input where the returned values differ, in input order, with both outcomes', async () => {
    const reference = (email: string): string => email.trim().toLowerCase();
    const candidate = (email: string): string => email.toLowerCase();
    const found = await findDisagreements(reference, candidate, [' Ada@x.test', 'bob@x.test', 'Eve@x.test ']);
    expect(found).toEqual([
      { input: ' Ada@x.test', reference: { returned: 'ada@x.test' }, candidate: { returned: ' ada@x.test' } },
      { input: 'Eve@x.test ', reference: { returned: 'eve@x.test' }, candidate: { returned: 'eve@x.test ' } },
    ]);
  });

  it('compares strictly: 1 and "1" disagree, as do a missing field and one set to undefined', async () => {
    expect(
      await findDisagreements(
        (n: number) => [n],
        (n: number) => [String(n)],
        [1],
      ),
    ).toStrictEqual([{ input: 1, reference: { returned: [1] }, candidate: { returned: ['1'] } }]);
    const found = await findDisagreements(
      () => ({ id: 'a' }),
      () => ({ id: 'a', extra: undefined }),
      ['x'],
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.candidate).toStrictEqual({ returned: { id: 'a', extra: undefined } });
  });

  it('awaits promises and treats a rejection like a throw', async () => {
    const reference = async (id: string): Promise<{ id: string }> => ({ id });
    const candidate = (id: string): { id: string } => ({ id });
    await expect(findDisagreements(reference, candidate, ['a', 'b'])).resolves.toEqual([]);
    const rejecting = async (): Promise<never> => {
      throw new ConflictError('taken');
    };
    const throwing = (): never => {
      throw new ConflictError('already exists');
    };
    await expect(findDisagreements(rejecting, throwing, ['a'])).resolves.toEqual([]);
  });

  it('agrees on failures by error name, whatever the message, and reports a different name or a throw against a return', async () => {
    const reference = (email: string): string => {
      if (email.includes('taken')) throw new ConflictError(`${email} is taken`);
      return email;
    };
    const wrongError = (email: string): string => {
      if (email.includes('taken')) throw new Error('duplicate');
      return email;
    };
    const neverThrows = (email: string): string => email;
    expect(await findDisagreements(reference, wrongError, ['ok@x', 'taken@x'])).toEqual([
      { input: 'taken@x', reference: { threw: 'ConflictError' }, candidate: { threw: 'Error' } },
    ]);
    expect(await findDisagreements(reference, neverThrows, ['taken@x'])).toEqual([
      { input: 'taken@x', reference: { threw: 'ConflictError' }, candidate: { returned: 'taken@x' } },
    ]);
  });

  it('describes a thrown value that is not an Error as that value in a string', async () => {
    const throwsString = (): never => {
      throw 'boom';
    };
    const throwsNumber = (): never => {
      throw 404;
    };
    expect(await findDisagreements(throwsString, throwsNumber, [null])).toEqual([
      { input: null, reference: { threw: 'boom' }, candidate: { threw: '404' } },
    ]);
  });

  it('calls reference then candidate once per input, finishing both before the next input', async () => {
    const calls: string[] = [];
    const slowReference = async (n: number): Promise<number> => {
      calls.push(`reference ${n} start`);
      await Promise.resolve();
      await Promise.resolve();
      calls.push(`reference ${n} end`);
      return n;
    };
    const candidate = async (n: number): Promise<number> => {
      calls.push(`candidate ${n}`);
      await Promise.resolve();
      return n;
    };
    await findDisagreements(slowReference, candidate, [1, 2]);
    expect(calls).toEqual([
      'reference 1 start',
      'reference 1 end',
      'candidate 1',
      'reference 2 start',
      'reference 2 end',
      'candidate 2',
    ]);
  });

  it('finds where an in-memory fake and the adapter it stands in for drift apart, state included', async () => {
    const realStore = new Set<string>();
    const real = (email: string): string => {
      const key = email.toLowerCase();
      if (realStore.has(key)) throw new ConflictError(email);
      realStore.add(key);
      return key;
    };
    const fakeStore = new Set<string>();
    const fake = (email: string): string => {
      if (fakeStore.has(email)) throw new ConflictError(email);
      fakeStore.add(email);
      return email.toLowerCase();
    };
    const found = await findDisagreements(real, fake, ['ada@x', 'ada@x', 'ADA@x']);
    expect(found).toEqual([
      { input: 'ADA@x', reference: { threw: 'ConflictError' }, candidate: { returned: 'ada@x' } },
    ]);
  });
});
