/**
 * Consul adapter on Consul's HTTP API (the local agent), with plain `fetch`: no client library to keep up to date.
 * Endpoints used: PUT /v1/agent/service/register, PUT /v1/agent/service/deregister/:id,
 * GET /v1/health/service/:name?passing=true (with blocking queries: `index` and `wait`).
 */
import { InvalidRegistrationError, RegistryClosedError, RegistryRequestError } from './discovery-error.js';
import { isLoopbackAddress, normaliseRegistration } from './instance-identity.js';
import { backoffDelay, pause, registryRequest, sameInstances, type Fetch } from './registry-http.js';
import {
  instanceBaseUrl,
  type DiscoveryLog,
  type InstanceRegistration,
  type InstanceWatch,
  type Registration,
  type ServiceInstance,
  type ServiceRegistry,
} from './registry.port.js';

export interface ConsulRegistryOptions {
  /** The Consul agent, e.g. `http://127.0.0.1:8500` (each machine talks to its own agent). */
  readonly url: string;
  /** Sent as `X-Consul-Token` when ACLs are on. */
  readonly token?: string;
  /** How often Consul calls the health check (Go duration). Default `10s`. */
  readonly checkInterval?: string;
  readonly checkTimeout?: string;
  /** Consul removes an instance whose check stayed critical this long: no zombies after a crash. Default `1m`. */
  readonly deregisterCriticalAfter?: string;
  /** Longest a blocking query waits for a change, in seconds. Default 55 (under undici's 300 s header timeout). */
  readonly waitSeconds?: number;
  readonly requestTimeoutMs?: number;
  /** First backoff after a failed refresh; doubles up to `maxRetryDelayMs`. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly fetch?: Fetch;
  readonly log?: DiscoveryLog;
}

/** One element of `/v1/health/service/:name`, as far as this adapter reads it. */
interface ConsulHealthEntry {
  readonly Node?: { readonly Address?: string };
  readonly Service?: {
    readonly ID?: string;
    readonly Service?: string;
    readonly Address?: string;
    readonly Port?: number;
    readonly Meta?: Record<string, string> | null;
  };
  readonly Checks?: readonly { readonly Status?: string }[];
}

// #region normalise
/**
 * Turns Consul's health entries into the port's instances: only entries whose every check passes, the service
 * address or (when the service registered none) the node's, and metadata as a plain object. Malformed entries are
 * skipped, never passed on half-filled.
 */
export function normaliseConsulHealth(service: string, body: unknown): ServiceInstance[] {
  if (!Array.isArray(body)) throw new RegistryRequestError(`Consul health for "${service}" was not a JSON array`);
  const instances: ServiceInstance[] = [];
  for (const entry of body as ConsulHealthEntry[]) {
    const svc = entry?.Service;
    const address = svc?.Address || entry?.Node?.Address;
    if (!svc?.ID || !address || !Number.isInteger(svc.Port)) continue;
    if (!(entry.Checks ?? []).every((check) => check.Status === 'passing')) continue;
    instances.push({ id: svc.ID, service, address, port: svc.Port as number, metadata: { ...svc.Meta } });
  }
  return instances.sort((a, b) => a.id.localeCompare(b.id));
}
// #endregion normalise

/**
 * Service discovery on Consul: registration with an HTTP health check that Consul runs, discovery of passing
 * instances only, blocking queries for changes, and the last good list kept while the agent is unreachable.
 *
 * @example
 * const registry = new ConsulRegistry({ url: 'http://127.0.0.1:8500', log: console.warn });
 * await registry.register({ service: 'orders', address: podIp, port: 3000 });
 */
export class ConsulRegistry implements ServiceRegistry {
  readonly kind = 'consul';
  readonly #url: string;
  readonly #fetch: Fetch;
  readonly #log: DiscoveryLog;
  readonly #options: ConsulRegistryOptions;
  readonly #closing = new AbortController();
  readonly #watches = new Set<Promise<void>>();

  constructor(options: ConsulRegistryOptions) {
    this.#options = options;
    this.#url = options.url.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? fetch;
    this.#log = options.log ?? (() => undefined);
  }

  // #region register
  async register(registration: InstanceRegistration): Promise<Registration> {
    this.#assertOpen();
    const instance = normaliseRegistration(registration);
    const healthPath = registration.healthPath ?? '/health/ready';
    if (!healthPath.startsWith('/'))
      throw new InvalidRegistrationError(`healthPath must start with "/", got "${healthPath}"`);
    if (isLoopbackAddress(instance.address)) {
      this.#log(`consul: ${instance.id} advertises loopback ${instance.address}; only this machine can reach it`);
    }
    await this.#send('PUT', '/v1/agent/service/register?replace-existing-checks=true', {
      ID: instance.id,
      Name: instance.service,
      Address: instance.address,
      Port: instance.port,
      Meta: instance.metadata,
      Check: {
        CheckID: `service:${instance.id}`,
        Name: `${instance.service} readiness`,
        // Consul calls the instance at the address it advertises: the same one its callers will use.
        HTTP: `${instanceBaseUrl(instance)}${healthPath}`,
        Interval: this.#options.checkInterval ?? '10s',
        Timeout: this.#options.checkTimeout ?? '2s',
        DeregisterCriticalServiceAfter: this.#options.deregisterCriticalAfter ?? '1m',
      },
    });
    let registered = true;
    return {
      instance,
      deregister: async () => {
        if (!registered) return;
        registered = false;
        await this.#send('PUT', `/v1/agent/service/deregister/${encodeURIComponent(instance.id)}`);
      },
    };
  }
  // #endregion register

  async lookup(service: string): Promise<readonly ServiceInstance[]> {
    this.#assertOpen();
    return (await this.#health(service, undefined, this.#closing.signal)).instances;
  }

  // #region watch
  async watch(service: string): Promise<InstanceWatch> {
    this.#assertOpen();
    const first = await this.#health(service, undefined, this.#closing.signal);
    let current = first.instances;
    const listeners = new Set<(instances: readonly ServiceInstance[]) => void>();
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, this.#closing.signal]);

    const follow = async (): Promise<void> => {
      let index = first.index;
      let failures = 0;
      while (!signal.aborted) {
        try {
          const next = await this.#health(service, index, signal);
          if (failures > 0) this.#log(`consul: "${service}" refreshed again after ${failures} failed attempt(s)`);
          failures = 0;
          // Consul's rule: an index that goes backwards (agent restart, snapshot restore) means start over.
          index = next.index < index ? 0 : next.index;
          if (!sameInstances(current, next.instances)) {
            current = next.instances;
            for (const listener of [...listeners]) listener(current);
          }
        } catch (error) {
          if (signal.aborted) return;
          failures += 1;
          if (failures === 1) {
            this.#log(
              `consul: refreshing "${service}" failed (${(error as Error).message}); serving the last good list of ${current.length} instance(s)`,
            );
          }
          const retryDelayMs = this.#options.retryDelayMs ?? 1_000;
          await pause(backoffDelay(failures, retryDelayMs, this.#options.maxRetryDelayMs ?? 30_000), signal);
        }
      }
    };
    // The loop never rejects: every failure is logged and retried, so a Consul blip cannot crash the process.
    const running = follow();
    this.#watches.add(running);
    return {
      current: () => current,
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: async () => {
        stop.abort();
        listeners.clear();
        await running;
        this.#watches.delete(running);
      },
    };
  }
  // #endregion watch

  async close(): Promise<void> {
    this.#closing.abort();
    await Promise.all(this.#watches);
    this.#watches.clear();
  }

  async #health(
    service: string,
    index: number | undefined,
    signal: AbortSignal,
  ): Promise<{ instances: ServiceInstance[]; index: number }> {
    const waitSeconds = this.#options.waitSeconds ?? 55;
    const blocking = index !== undefined && index > 0;
    const query = blocking ? `&index=${index}&wait=${waitSeconds}s` : '';
    const requestTimeoutMs = this.#options.requestTimeoutMs ?? 5_000;
    const response = await registryRequest(
      this.#fetch,
      `${this.#url}/v1/health/service/${encodeURIComponent(service)}?passing=true${query}`,
      {
        method: 'GET',
        headers: this.#headers(),
        signal,
        // Consul may hold a blocking query for wait + wait/16; allow that plus the normal request time.
        timeoutMs: blocking ? waitSeconds * 1_000 * (17 / 16) + requestTimeoutMs : requestTimeoutMs,
      },
    );
    const body: unknown = await response.json();
    const header = Number(response.headers.get('x-consul-index'));
    return {
      instances: normaliseConsulHealth(service, body),
      index: Number.isInteger(header) && header > 0 ? header : 0,
    };
  }

  async #send(method: string, path: string, body?: unknown): Promise<void> {
    const response = await registryRequest(this.#fetch, `${this.#url}${path}`, {
      method,
      headers: this.#headers(),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs: this.#options.requestTimeoutMs ?? 5_000,
    });
    await response.body?.cancel();
  }

  #headers(): Record<string, string> {
    return this.#options.token ? { 'x-consul-token': this.#options.token } : {};
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted) throw new RegistryClosedError('this Consul registry was closed');
  }
}
