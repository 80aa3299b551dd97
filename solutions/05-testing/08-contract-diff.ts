import { isDeepStrictEqual } from 'node:util';

/** What one call did: the value it returned (or resolved to), or the name of what it threw (or rejected with). */
export type Outcome = { readonly returned: unknown } | { readonly threw: string };

/** One input on which the two implementations did not do the same thing. */
export interface Disagreement<I> {
  readonly input: I;
  readonly reference: Outcome;
  readonly candidate: Outcome;
}

async function outcomeOf<I>(implementation: (input: I) => unknown, input: I): Promise<Outcome> {
  try {
    return { returned: await implementation(input) };
  } catch (error) {
    return { threw: error instanceof Error ? error.name : String(error) };
  }
}

/**
 * Runs a reference implementation and a candidate on the same inputs and lists every input where they differ: the
 * smallest contract test, for a fake that must behave like the real adapter it stands in for.
 */
export async function findDisagreements<I>(
  reference: (input: I) => unknown,
  candidate: (input: I) => unknown,
  inputs: readonly I[],
): Promise<Disagreement<I>[]> {
  const disagreements: Disagreement<I>[] = [];
  for (const input of inputs) {
    const expected = await outcomeOf(reference, input);
    const actual = await outcomeOf(candidate, input);
    if (!isDeepStrictEqual(expected, actual)) disagreements.push({ input, reference: expected, candidate: actual });
  }
  return disagreements;
}
