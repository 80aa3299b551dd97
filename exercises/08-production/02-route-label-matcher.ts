import { TodoError } from '../../workbook/todo-error.js';

/** Turns a raw request URL into the `route` label of the HTTP histogram. */
export type RouteLabeler = (url: string) => string;

/**
 * For a service without Express routing (plain `node:http`, a proxy): maps raw URLs onto a fixed list of route
 * templates, so the metric's route label can only ever take `templates.length + 1` values.
 *
 * @example createRouteLabeler(['/users/:id'])('/users/42?full=1') // '/users/:id'
 */
export function createRouteLabeler(_templates: readonly string[]): RouteLabeler {
  // TODO(08.2): validate the templates (each starts with "/", no duplicates: RangeError naming the template), then
  // return a function that: drops the query string and fragment; ignores one trailing slash (not on "/");
  // matches segment by segment, where ":name" matches exactly one non-empty segment and anything else must be
  // equal; prefers the most specific template (a static segment beats a parameter at the first place they
  // differ), whatever order the templates were given in; and returns UNMATCHED_ROUTE (from the chapter's
  // metrics.ts) when nothing matches.
  throw new TodoError('08.2');
}
