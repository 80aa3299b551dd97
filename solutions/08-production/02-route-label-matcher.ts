import { UNMATCHED_ROUTE } from '../../chapters/08-production/metrics.js';

/** Turns a raw request URL into the `route` label of the HTTP histogram. */
export type RouteLabeler = (url: string) => string;

interface CompiledTemplate {
  readonly template: string;
  /** `undefined` marks a parameter segment. */
  readonly segments: readonly (string | undefined)[];
}

/** At the first segment where one template is static and the other a parameter, the static one goes first. */
function moreSpecificFirst(a: CompiledTemplate, b: CompiledTemplate): number {
  for (const [i, segment] of a.segments.entries()) {
    if ((segment === undefined) !== (b.segments[i] === undefined)) return segment === undefined ? 1 : -1;
  }
  return 0;
}

/**
 * For a service without Express routing (plain `node:http`, a proxy): maps raw URLs onto a fixed list of route
 * templates, so the metric's route label can only ever take `templates.length + 1` values.
 *
 * @example createRouteLabeler(['/users/:id'])('/users/42?full=1') // '/users/:id'
 */
export function createRouteLabeler(templates: readonly string[]): RouteLabeler {
  const seen = new Set<string>();
  const compiled: CompiledTemplate[] = templates.map((template) => {
    if (!template.startsWith('/')) throw new RangeError(`route template "${template}" must start with "/"`);
    if (seen.has(template))
      throw new RangeError(`route template "${template}" is listed twice: templates must be unique`);
    seen.add(template);
    // "/" is one empty segment, as the path "/" is.
    const segments = template.split('/').slice(1);
    return { template, segments: segments.map((segment) => (segment.startsWith(':') ? undefined : segment)) };
  });
  // Sorted once, so the first template that matches is the most specific.
  compiled.sort(moreSpecificFirst);

  return (url: string): string => {
    let path = url.replace(/[?#].*/, '');
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    if (!path.startsWith('/')) return UNMATCHED_ROUTE;
    const parts = path.split('/').slice(1);
    const match = compiled.find(
      ({ segments }) =>
        segments.length === parts.length &&
        segments.every((segment, i) => (segment === undefined ? parts[i] !== '' : segment === parts[i])),
    );
    return match?.template ?? UNMATCHED_ROUTE;
  };
}
