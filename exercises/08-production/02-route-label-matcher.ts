import { TodoError } from '../../workbook/todo-error.js';

/** Turns a raw request URL into the `route` label of the HTTP histogram. */
export type RouteLabeler = (url: string) => string;

/**
 * For a service without Express routing (plain `node:http`, a proxy): maps raw URLs onto a fixed list of route
 * templates, so the metric's route label can only ever take `templates.length + 1` values.
 *
 * - Templates are paths such as `/users/:id`: a segment starting with ":" is a parameter. A template that does not
 *   start with "/", or one listed twice, is a RangeError naming that template.
 * - A URL's query string and fragment are ignored, and so is one trailing "/" (except on "/" itself).
 * - A URL matches a template with as many segments: a parameter matches exactly one non-empty segment, any other
 *   segment must be equal, case included.
 * - When several templates match, the most specific wins: at the first segment where one has a static segment
 *   and the other a parameter, the static one wins, whatever order the templates were given in.
 * - A URL no template matches gets the chapter's `UNMATCHED_ROUTE` label.
 *
 * @example createRouteLabeler(['/users/:id'])('/users/42?full=1') // '/users/:id'
 */
export function createRouteLabeler(_templates: readonly string[]): RouteLabeler {
  // TODO(08.2): return the labeler described above.
  throw new TodoError('08.2');
}
