/**
 * A client for calling another service by name: it follows the registry's list, balances over the instances,
 * skips instances whose circuit is open, and retries a failed call on another instance while time remains.
 */
import { ConsecutiveFailureBreaker, type CircuitBreaker } from './circuit-breaker.js';
import { NoInstanceAvailableError, ServiceCallFailedError, type FailedAttempt } from './discovery-error.js';
import { roundRobinPicker, type InstancePicker, type PickContext } from './instance-picker.js';
import { describeFetchError, fetchErrorCode, type Fetch } from './registry-http.js';
import { instanceBaseUrl, type InstanceWatch, type ServiceInstance, type ServiceRegistry } from './registry.port.js';

/** Decides whether one more attempt may be spent on retries (exercise 06.6 builds a retry budget). */
export interface RetryBudget {
  canRetry(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
}

export interface AttemptEvent {
  readonly instance: ServiceInstance;
  readonly attempt: number;
  readonly outcome: 'success' | 'failure';
  readonly status?: number;
  readonly error?: string;
}

export interface ServiceClientOptions {
  readonly registry: ServiceRegistry;
  readonly service: string;
  /** Total time for one call, every retry included. Default 2 s. */
  readonly deadlineMs?: number;
  /** Time for one try; a hanging instance is abandoned after it and another tried. Default 1 s. */
  readonly attemptTimeoutMs?: number;
  /** Tries per call, the first included. Default 3. */
  readonly maxAttempts?: number;
  /** Statuses that mean "try another instance" for idempotent calls. Default 502, 503, 504. */
  readonly retryOnStatus?: readonly number[];
  /** One breaker per instance. Default: opens after 3 consecutive failures, probes after 5 s. */
  readonly breaker?: (instance: ServiceInstance) => CircuitBreaker;
  readonly picker?: InstancePicker;
  readonly retryBudget?: RetryBudget;
  readonly fetch?: Fetch;
  readonly now?: () => number;
  /** Called after every try: for metrics, logs and tests. */
  readonly onAttempt?: (event: AttemptEvent) => void;
}

export interface ServiceRequestInit {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** A string or bytes: a stream could not be sent again on a retry. */
  readonly body?: string | Uint8Array;
  readonly signal?: AbortSignal;
  /** Say so for a POST that is safe to repeat (it carries an idempotency key). GET, HEAD, OPTIONS, PUT, DELETE are. */
  readonly idempotent?: boolean;
  /** Overrides the client's `deadlineMs` for this call. */
  readonly deadlineMs?: number;
}

export interface ServiceClient {
  /** Calls `path` on one instance of the service; resolves with the first response that is not a retried failure. */
  request(path: string, init?: ServiceRequestInit): Promise<Response>;
  /** Starts following the registry (the first `request` does it too) and returns the current list. */
  ready(): Promise<readonly ServiceInstance[]>;
  /** The list the client balances over now (empty before `ready`). */
  instances(): readonly ServiceInstance[];
  /** Stops following the registry. In-flight calls finish. */
  close(): Promise<void>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

// #region client
/**
 * @example
 * const orders = createServiceClient({ registry, service: 'orders', deadlineMs: 1_500 });
 * const response = await orders.request('/orders/42');
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const {
    registry,
    service,
    deadlineMs = 2_000,
    attemptTimeoutMs = 1_000,
    maxAttempts = 3,
    retryOnStatus = [502, 503, 504],
    picker = roundRobinPicker(),
    retryBudget,
    now = () => performance.now(),
    onAttempt,
  } = options;
  const fetchImpl = options.fetch ?? fetch;
  const makeBreaker =
    options.breaker ??
    ((): CircuitBreaker => new ConsecutiveFailureBreaker({ failureThreshold: 3, openMs: 5_000, now }));
  const breakers = new Map<string, CircuitBreaker>();
  const inFlight = new Map<string, number>();
  const context: PickContext = { inFlight: (id) => inFlight.get(id) ?? 0 };
  let watching: Promise<InstanceWatch> | undefined;

  const breakerFor = (instance: ServiceInstance): CircuitBreaker => {
    let breaker = breakers.get(instance.id);
    if (!breaker) breakers.set(instance.id, (breaker = makeBreaker(instance)));
    return breaker;
  };

  let followed: InstanceWatch | undefined;
  const follow = (): Promise<InstanceWatch> => {
    if (watching) return watching;
    const started = registry.watch(service).then((watch) => {
      // Forget breakers of instances that left, so a returning instance starts closed.
      watch.onChange((instances) => {
        const listed = new Set(instances.map((instance) => instance.id));
        for (const id of breakers.keys()) if (!listed.has(id)) breakers.delete(id);
      });
      followed = watch;
      return watch;
    });
    // A failed first load is not kept: the next call asks the registry again.
    started.catch(() => {
      if (watching === started) watching = undefined;
    });
    watching = started;
    return started;
  };

  const request = async (path: string, init: ServiceRequestInit = {}): Promise<Response> => {
    const watch = await follow();
    const method = (init.method ?? 'GET').toUpperCase();
    const idempotent = init.idempotent ?? IDEMPOTENT.has(method);
    const deadline = now() + (init.deadlineMs ?? deadlineMs);
    const tried = new Set<string>();
    const failures: FailedAttempt[] = [];
    const fail = (
      message: string,
      extra: { deadlineExceeded?: boolean; cause?: unknown } = {},
    ): ServiceCallFailedError =>
      new ServiceCallFailedError(
        `${method} ${service}${path}: ${message}` +
          (failures.length ? `; tries: ${failures.map((f) => `${f.instanceId} (${f.error})`).join(', ')}` : ''),
        failures,
        extra,
      );

    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const remaining = deadline - now();
      if (remaining <= 0)
        throw fail(`deadline of ${init.deadlineMs ?? deadlineMs} ms exceeded`, { deadlineExceeded: true });
      if (attempt > 1 && retryBudget && !retryBudget.canRetry()) throw fail('retry budget exhausted');

      const listed = watch.current();
      if (listed.length === 0)
        throw new NoInstanceAvailableError(`the registry lists no healthy instance of "${service}"`);
      const untried = listed.filter((instance) => !tried.has(instance.id));
      const candidates = (untried.length > 0 ? untried : listed).filter((instance) =>
        breakerFor(instance).isAvailable(),
      );
      const instance = picker.pick(candidates, context);
      if (!instance || !breakerFor(instance).tryAcquire()) {
        throw fail(`no instance available (${listed.length} listed, circuits open or already tried)`);
      }
      const breaker = breakerFor(instance);
      tried.add(instance.id);
      inFlight.set(instance.id, (inFlight.get(instance.id) ?? 0) + 1);
      const attemptSignal = AbortSignal.timeout(Math.ceil(Math.min(attemptTimeoutMs, remaining)));
      try {
        const response = await fetchImpl(`${instanceBaseUrl(instance)}${path}`, {
          method,
          ...(init.headers ? { headers: init.headers } : {}),
          ...(init.body === undefined ? {} : { body: init.body }),
          signal: init.signal ? AbortSignal.any([init.signal, attemptSignal]) : attemptSignal,
        });
        if (response.status < 500) {
          breaker.recordSuccess();
          retryBudget?.recordSuccess();
          onAttempt?.({ instance, attempt, outcome: 'success', status: response.status });
          return response;
        }
        breaker.recordFailure();
        retryBudget?.recordFailure();
        onAttempt?.({ instance, attempt, outcome: 'failure', status: response.status });
        if (!idempotent || !retryOnStatus.includes(response.status) || attempt === maxAttempts) return response;
        failures.push({ instanceId: instance.id, error: `status ${response.status}` });
        await response.body?.cancel(); // free the connection before trying elsewhere
      } catch (error) {
        if (init.signal?.aborted) throw init.signal.reason; // the caller gave up: not the instance's fault
        const text = describeFetchError(error);
        breaker.recordFailure();
        retryBudget?.recordFailure();
        onAttempt?.({ instance, attempt, outcome: 'failure', error: text });
        failures.push({ instanceId: instance.id, error: text });
        // A refused connection never reached the server, so even a POST is safe to send elsewhere.
        if (!idempotent && fetchErrorCode(error) !== 'ECONNREFUSED')
          throw fail('not retried: the request may have been processed', { cause: error });
      } finally {
        inFlight.set(instance.id, (inFlight.get(instance.id) ?? 1) - 1);
      }
    }
    throw fail(`failed after ${maxAttempts} tries`);
  };

  return {
    request,
    ready: async () => (await follow()).current(),
    instances: () => followed?.current() ?? [],
    close: async () => {
      const current = watching;
      watching = undefined;
      followed = undefined;
      if (current) await (await current.catch(() => undefined))?.close();
    },
  };
}
// #endregion client
