import { TodoError } from '../../workbook/todo-error.js';

/** What one call did: the value it returned (or resolved to), or the name of what it threw (or rejected with). */
export type Outcome = { readonly returned: unknown } | { readonly threw: string };

/** One input on which the two implementations did not do the same thing. */
export interface Disagreement<I> {
  readonly input: I;
  readonly reference: Outcome;
  readonly candidate: Outcome;
}

/**
 * Runs a reference implementation and a candidate on the same inputs and lists every input where they differ: the
 * smallest contract test, for a fake that must behave like the real adapter it stands in for.
 */
// TODO(05.8): resolve to the list of disagreements, one per input where the two outcomes differ, in input order
// ([] when they always agree):
// - for each input in order, call reference(input), then candidate(input), once each, the next input only after both
//   have finished (implementations may keep state, like a repository);
// - an outcome is `{ returned: value }` for a call that returns or resolves, with a promise's value, not the promise;
//   or `{ threw: name }` for one that throws or rejects: the error's `name` for an Error, else the thrown value as a
//   string (`throw 'boom'` gives `{ threw: 'boom' }`);
// - two returned values agree when they have the same structure and values, compared strictly: a copy of an object
//   agrees with the original, `1` does not agree with `'1'`;
// - two failures agree when their names are equal, whatever their messages;
// - a disagreement is `{ input, reference: <its outcome>, candidate: <its outcome> }`.
export async function findDisagreements<I>(
  _reference: (input: I) => unknown,
  _candidate: (input: I) => unknown,
  _inputs: readonly I[],
): Promise<Disagreement<I>[]> {
  throw new TodoError('05.8');
}
