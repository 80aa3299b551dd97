/**
 * Prometheus metrics with prom-client: a Registry of our own (the global one is shared by every import in the
 * process, so two apps or two tests would collide), default process metrics including event-loop delay, an HTTP
 * duration histogram with bounded labels, and a helper for business counters. The process only counts; Prometheus
 * scrapes, stores, and evaluates the alert rules.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CodedError } from '../../platform/errors/coded-error.js';

/** Metric names the alert rules refer to: one source of truth, checked by a test against the registry. */
export const METRIC = {
  httpRequestDuration: 'http_request_duration_seconds',
  eventLoopLagP99: 'nodejs_eventloop_lag_p99_seconds',
  residentMemory: 'process_resident_memory_bytes',
  heapUsed: 'nodejs_heap_size_used_bytes',
  heapTotal: 'nodejs_heap_size_total_bytes',
} as const;

/** The route label for a request no route matched: one series, however many URLs scanners try. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Seconds; chosen around a 300 ms objective so the alert's threshold falls on a bucket boundary. */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 1, 2.5, 5, 10];

export class MetricNameError extends CodedError {
  readonly code = 'METRIC_NAME_INVALID';
}

// #region labels
/** `2xx`, `4xx`...: five values instead of one per status code. */
export function statusClass(status: number): string {
  if (!Number.isInteger(status) || status < 100 || status > 599) return 'unknown';
  return `${Math.floor(status / 100)}xx`;
}

/**
 * The route template that handled the request: the router's mount path joined with the matched route's path
 * (`/users` + `/:id`), or UNMATCHED_ROUTE. Never the URL itself: `/users/1`, `/users/2`... would each be a new series.
 * `baseUrl` is the mount path as it was when the route matched (see trackRouteMatch); mount routers on fixed
 * prefixes, since a mount path with parameters reaches `baseUrl` filled in.
 */
export function routeTemplate(route: unknown, baseUrl: string | undefined): string {
  const path = (route as { path?: unknown } | undefined)?.path;
  if (path === undefined) return UNMATCHED_ROUTE;
  const routePath = Array.isArray(path) ? path.map(String).join('|') : String(path);
  const base = baseUrl ?? '';
  const joined = `${base}${routePath === '/' && base !== '' ? '' : routePath}`;
  return joined === '' ? '/' : joined;
}

/** Where the router matched: its route and `req.baseUrl` at that moment. */
interface RouteMatch {
  route: unknown;
  baseUrl: string | undefined;
}

const ROUTE_MATCH = Symbol('route match');
type TrackedRequest = Request & { [ROUTE_MATCH]?: RouteMatch };

/**
 * `req.route` as an accessor on the app's request prototype, installed once per prototype: a tracked request keeps
 * the match in its RouteMatch; any other request gets the plain property the router expects.
 */
const routeAccessor: PropertyDescriptor & ThisType<TrackedRequest> = {
  configurable: true,
  enumerable: true,
  get(): unknown {
    return this[ROUTE_MATCH]?.route;
  },
  set(value: unknown): void {
    const match = this[ROUTE_MATCH];
    if (match === undefined) {
      Object.defineProperty(this, 'route', { value, writable: true, configurable: true, enumerable: true });
      return;
    }
    match.route = value;
    match.baseUrl = this.baseUrl;
  },
};
const withRouteAccessor = new WeakSet<object>();

/**
 * Remembers `req.baseUrl` at the moment the router sets `req.route`. Reading both when the response finishes is
 * not enough: when a handler throws, the router restores `baseUrl` on the way out, and `/users/:id` would be
 * labelled `/:id`. The accessor sits on the app's request prototype (Express gives each request that prototype), so
 * a request costs one small object instead of a property definition with two closures.
 */
function trackRouteMatch(req: Request): RouteMatch {
  const prototype = Object.getPrototypeOf(req) as object;
  if (!withRouteAccessor.has(prototype)) {
    Object.defineProperty(prototype, 'route', routeAccessor);
    withRouteAccessor.add(prototype);
  }
  const match: RouteMatch = { route: undefined, baseUrl: undefined };
  (req as TrackedRequest)[ROUTE_MATCH] = match;
  return match;
}
// #endregion labels

export interface CreateMetricsOptions {
  /** Collect prom-client's default process metrics (CPU, memory, GC, handles, event-loop delay). Default true. */
  readonly defaultMetrics?: boolean;
  /** Labels on every series, e.g. `{ service: 'orders' }`. Prometheus adds `instance` and `job` itself. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  readonly durationBuckets?: readonly number[];
  /** Event-loop delay sampling resolution in ms (default 10). */
  readonly eventLoopResolutionMs?: number;
}

export interface BusinessCounterOptions<L extends string> {
  /** Must end in `_total`, the Prometheus convention for counters. */
  readonly name: string;
  readonly help: string;
  /** Keep label values to a small known set (a status, a plan), never ids. */
  readonly labelNames?: readonly L[];
}

/** One app's metrics. */
export interface Metrics {
  readonly registry: Registry;
  /** Times every request; mount it first so it sees the whole request, including 404s. */
  readonly httpMetrics: RequestHandler;
  /** `GET /metrics` handler: Prometheus text format from this registry only. */
  readonly metricsHandler: RequestHandler;
  /** A counter registered in this registry, for business events (orders placed, payments failed). */
  counter<L extends string>(options: BusinessCounterOptions<L>): Counter<L>;
  /** Names of every sample the registry exposes (histograms as `_bucket`, `_sum`, `_count`). */
  sampleNames(): Promise<Set<string>>;
  /** Removes every metric from the registry. */
  close(): void;
}

/** A histogram child bound to one label set. */
interface Observer {
  observe(value: number): void;
}

const COUNTER_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*_total$/;

// #region create-metrics
/**
 * Creates a registry with the HTTP histogram and (by default) the process metrics.
 *
 * @example
 * const metrics = createMetrics({ defaultLabels: { service: 'orders' } });
 * app.use(metrics.httpMetrics);
 * app.get('/metrics', metrics.metricsHandler);
 * const ordersPlaced = metrics.counter({ name: 'orders_placed_total', help: 'Orders placed', labelNames: ['channel'] });
 */
export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels({ ...options.defaultLabels });
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: options.eventLoopResolutionMs ?? 10 });
  }

  const duration = new Histogram({
    name: METRIC.httpRequestDuration,
    help: 'HTTP request duration in seconds, by route template, method and status class',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: [...(options.durationBuckets ?? DEFAULT_DURATION_BUCKETS)],
    registers: [registry],
  });

  // One child per label set, looked up by its three values: `observe(labels, value)` and `startTimer()` would merge,
  // validate and hash a label object on every request. The labels are bounded, and so is this map.
  const series = new Map<string, Map<string, Map<string, Observer>>>();
  const seriesFor = (route: string, method: string, status: string): Observer => {
    let byMethod = series.get(route);
    if (byMethod === undefined) series.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (child === undefined) byStatus.set(status, (child = duration.labels(route, method, status)));
    return child;
  };

  const httpMetrics: RequestHandler = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const match = trackRouteMatch(req);
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Read the route at the end: it is only known once the router has matched.
      const status = res.writableFinished ? statusClass(res.statusCode) : 'aborted';
      // A route matched in a mounted sub-app (a prototype of its own) set a plain `req.route`: read it then.
      const route =
        match.route === undefined ? routeTemplate(req.route, req.baseUrl) : routeTemplate(match.route, match.baseUrl);
      seriesFor(route, normaliseMethod(req.method), status).observe(seconds);
    };
    // 'close' alone: it follows 'finish' of an answered request and also comes when the client leaves first.
    res.on('close', record);
    next();
  };

  const metricsHandler: RequestHandler = (_req: Request, res: Response, next: NextFunction): void => {
    registry.metrics().then(
      (text) => {
        res.setHeader('content-type', registry.contentType);
        res.end(text);
      },
      (error: unknown) => next(error),
    );
  };

  return {
    registry,
    httpMetrics,
    metricsHandler,
    counter<L extends string>(counterOptions: BusinessCounterOptions<L>): Counter<L> {
      if (!COUNTER_NAME.test(counterOptions.name)) {
        throw new MetricNameError(
          `counter name "${counterOptions.name}" is invalid: use letters, digits and underscores, ending in "_total"`,
        );
      }
      return new Counter<L>({
        name: counterOptions.name,
        help: counterOptions.help,
        labelNames: [...(counterOptions.labelNames ?? [])],
        registers: [registry],
      });
    },
    async sampleNames(): Promise<Set<string>> {
      // Read the exposition's `# TYPE` lines: they list every family even before it has a sample.
      const names = new Set<string>();
      for (const match of (await registry.metrics()).matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
        const [, name = '', type] = match;
        names.add(name);
        if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
        if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
      }
      return names;
    },
    close(): void {
      registry.clear();
    },
  };
}
// #endregion create-metrics

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Any method outside the usual set is `other`: a client can send `FOO /`, and that must not be a new series. */
export function normaliseMethod(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'other';
}
