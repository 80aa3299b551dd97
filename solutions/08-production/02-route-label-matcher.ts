import { UNMATCHED_ROUTE } from '../../chapters/08-production/metrics.js';

/** Turns a raw request URL into the `route` label of the HTTP histogram. */
export type RouteLabeler = (url: string) => string;

interface CompiledTemplate {
  readonly template: string;
  /** `undefined` marks a parameter segment. */
  readonly segments: readonly (string | undefined)[];
}

function segmentsOf(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

/** Static segments before parameters: sorting by this key puts the most specific template first. */
function moreSpecificFirst(a: CompiledTemplate, b: CompiledTemplate): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i += 1) {
    const aStatic = a.segments[i] !== undefined;
    const bStatic = b.segments[i] !== undefined;
    if (aStatic !== bStatic) return aStatic ? -1 : 1;
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
    if (seen.has(template)) throw new RangeError(`route template "${template}" is listed twice: templates must be unique`);
    seen.add(template);
    return { template, segments: segmentsOf(template).map((segment) => (segment.startsWith(':') ? undefined : segment)) };
  });
  compiled.sort(moreSpecificFirst);

  return (url: string): string => {
    let path = url.split(/[?#]/, 1)[0] ?? '';
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    if (!path.startsWith('/')) return UNMATCHED_ROUTE;
    const parts = segmentsOf(path);
    const match = compiled.find(
      ({ segments }) =>
        segments.length === parts.length &&
        segments.every((segment, i) => (segment === undefined ? parts[i] !== '' : segment === parts[i])),
    );
    return match?.template ?? UNMATCHED_ROUTE;
  };
}
