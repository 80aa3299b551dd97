/**
 * etcd adapter on the v3 JSON gateway (the wire format and the requests are in `etcd-gateway.ts`).
 * Endpoints used: /v3/lease/grant, /v3/lease/keepalive, /v3/lease/revoke, /v3/kv/put, /v3/kv/range, /v3/watch.
 *
 * An instance's key lives under a lease the instance keeps alive. If the process dies, nobody renews the lease,
 * etcd deletes the key when it expires, and every watcher hears about it: no zombie entries.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RegistryClosedError, RegistryRequestError } from './discovery-error.js';
import { EtcdGateway, b64, leaseResponse, prefixRangeEnd, rangeResponse, unb64, watchLine } from './etcd-gateway.js';
import { isLoopbackAddress, normaliseRegistration } from './instance-identity.js';
import { backoffDelay, pause, sameInstances, type Fetch } from './registry-http.js';
import type {
  DiscoveryLog,
  InstanceRegistration,
  InstanceWatch,
  Registration,
  ServiceInstance,
  ServiceRegistry,
} from './registry.port.js';

export interface EtcdRegistryOptions {
  /** The etcd client URL, e.g. `http://127.0.0.1:2379`. */
  readonly url: string;
  /** Every key this registry writes or reads starts with it. Default `services/`. */
  readonly prefix?: string;
  /** Lease time to live in seconds: how long a crashed instance stays listed. Default 10. */
  readonly ttlSeconds?: number;
  /** How often the lease is renewed. Default a third of the TTL, so two renewals may fail before it lapses. */
  readonly keepAliveIntervalMs?: number;
  readonly requestTimeoutMs?: number;
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /**
   * How often a watch writes its heartbeat key, which it must then hear on its own stream. A watch that hears
   * nothing for three intervals reconnects and lists again. Default 2,000 ms: a dead watch is noticed within 6 s.
   */
  readonly watchHeartbeatMs?: number;
  readonly fetch?: Fetch;
  readonly log?: DiscoveryLog;
}

const storedInstance = z.object({
  id: z.string().min(1),
  service: z.string().min(1),
  address: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  metadata: z.record(z.string(), z.string()).default({}),
});

/**
 * Service discovery on etcd: leases for liveness, a prefix per service, and a watch for changes. During an etcd
 * outage watches keep the last good list and reconnect with backoff.
 *
 * @example
 * const registry = new EtcdRegistry({ url: process.env.ETCD_URL!, ttlSeconds: 10 });
 * const registration = await registry.register({ service: 'orders', address: podIp, port: 3000 });
 */
export class EtcdRegistry implements ServiceRegistry {
  readonly kind = 'etcd';
  readonly #prefix: string;
  readonly #ttlSeconds: number;
  readonly #gateway: EtcdGateway;
  readonly #log: DiscoveryLog;
  readonly #options: EtcdRegistryOptions;
  readonly #closing = new AbortController();
  readonly #running = new Set<Promise<void>>();

  constructor(options: EtcdRegistryOptions) {
    this.#options = options;
    this.#prefix = options.prefix ?? 'services/';
    this.#ttlSeconds = options.ttlSeconds ?? 10;
    if (!Number.isInteger(this.#ttlSeconds) || this.#ttlSeconds < 2) {
      throw new RangeError(`ttlSeconds must be an integer >= 2 (etcd's minimum lease), got ${this.#ttlSeconds}`);
    }
    this.#gateway = new EtcdGateway({
      url: options.url,
      fetch: options.fetch ?? fetch,
      requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    });
    this.#log = options.log ?? (() => undefined);
  }

  /** The key an instance is stored under: `<prefix><service>/<id>`. */
  keyOf(instance: Pick<ServiceInstance, 'service' | 'id'>): string {
    return `${this.#prefix}${instance.service}/${instance.id}`;
  }

  // #region register
  async register(registration: InstanceRegistration): Promise<Registration> {
    this.#assertOpen();
    const instance = normaliseRegistration(registration);
    if (isLoopbackAddress(instance.address)) {
      this.#log(`etcd: ${instance.id} advertises loopback ${instance.address}; only this machine can reach it`);
    }
    const key = this.keyOf(instance);
    const putUnderNewLease = async (): Promise<string> => {
      const lease = leaseResponse.parse(await this.#gateway.post('/v3/lease/grant', { TTL: this.#ttlSeconds }));
      await this.#gateway.post('/v3/kv/put', { key: b64(key), value: b64(JSON.stringify(instance)), lease: lease.ID });
      return lease.ID;
    };
    let leaseId = await putUnderNewLease();

    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, this.#closing.signal]);
    const intervalMs = this.#options.keepAliveIntervalMs ?? (this.#ttlSeconds * 1_000) / 3;
    const keepAlive = async (): Promise<void> => {
      let failures = 0;
      while (!signal.aborted) {
        await pause(intervalMs, signal);
        if (signal.aborted) return;
        try {
          const ttl = await this.#gateway.renewLease(leaseId, signal);
          // TTL 0 (or none): the lease already expired, e.g. after a long GC pause or a partition. Register again.
          if (ttl <= 0) {
            this.#log(`etcd: lease of ${instance.id} had expired; registering again`);
            leaseId = await putUnderNewLease();
          }
          if (failures > 0) this.#log(`etcd: keep-alive of ${instance.id} works again after ${failures} failure(s)`);
          failures = 0;
        } catch (error) {
          if (signal.aborted) return;
          failures += 1;
          if (failures === 1)
            this.#log(`etcd: keep-alive of ${instance.id} failed (${(error as Error).message}); retrying`);
        }
      }
    };
    const running = this.#track(keepAlive());

    let registered = true;
    return {
      instance,
      deregister: async () => {
        if (!registered) return;
        registered = false;
        stop.abort();
        await running;
        // Revoking the lease deletes the key at once; callers need not wait for the TTL.
        await this.#gateway.post('/v3/lease/revoke', { ID: leaseId }).catch((error: unknown) => {
          if (/lease not found/.test((error as Error).message)) return; // it had already expired: nothing to remove
          throw new RegistryRequestError(
            `could not revoke the lease of ${instance.id}; etcd removes it within ${this.#ttlSeconds} s anyway`,
            { cause: error },
          );
        });
      },
    };
  }
  // #endregion register

  async lookup(service: string): Promise<readonly ServiceInstance[]> {
    this.#assertOpen();
    return [...(await this.#range(service, this.#closing.signal)).byKey.values()];
  }

  // #region watch
  async watch(service: string): Promise<InstanceWatch> {
    this.#assertOpen();
    const heartbeatMs = this.#options.watchHeartbeatMs ?? 2_000;
    const first = await this.#range(service, this.#closing.signal);
    const byKey = first.byKey;
    let current: readonly ServiceInstance[] = [...byKey.values()];
    const listeners = new Set<(instances: readonly ServiceInstance[]) => void>();
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, this.#closing.signal]);
    const publish = (): void => {
      const next = [...byKey.values()];
      if (sameInstances(current, next)) return;
      current = next;
      for (const listener of [...listeners]) listener(current);
    };

    const follow = async (): Promise<void> => {
      let revision = first.revision;
      let failures = 0;
      while (!signal.aborted) {
        try {
          if (failures > 0) {
            // After any break, list again: events may have been missed or compacted away.
            const fresh = await this.#range(service, signal);
            byKey.clear();
            for (const [key, instance] of fresh.byKey) byKey.set(key, instance);
            revision = fresh.revision;
            publish();
            this.#log(`etcd: watch on "${service}" restored after ${failures} failure(s)`);
            failures = 0;
          }
          revision = await this.#follow(service, revision, byKey, publish, signal, heartbeatMs * 3);
          throw new RegistryRequestError('the watch stream ended');
        } catch (error) {
          if (signal.aborted) return;
          failures += 1;
          if (error instanceof SilentWatchError) {
            this.#log(`etcd: watch on "${service}" went silent (${error.message}); reconnecting`);
          } else if (failures === 1) {
            this.#log(
              `etcd: watch on "${service}" broke (${(error as Error).message}); serving the last good list of ${current.length} instance(s)`,
            );
          }
          await pause(
            backoffDelay(failures, this.#options.retryDelayMs ?? 500, this.#options.maxRetryDelayMs ?? 10_000),
            signal,
          );
        }
      }
    };
    const running = Promise.all([this.#track(follow()), this.#track(this.#heartbeat(service, heartbeatMs, signal))]);
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
      },
    };
  }

  /**
   * Reads one watch stream, applying events to `byKey`; returns the last revision seen when the stream ends.
   * A stream that sends nothing for `silenceMs` (not even the heartbeat) is aborted with a SilentWatchError.
   */
  async #follow(
    service: string,
    fromRevision: string,
    byKey: Map<string, ServiceInstance>,
    publish: () => void,
    signal: AbortSignal,
    silenceMs: number,
  ): Promise<string> {
    const prefix = `${this.#prefix}${service}/`;
    const silent = new AbortController();
    const silence = setTimeout(() => silent.abort(), silenceMs);
    try {
      return await this.#read(prefix, fromRevision, byKey, publish, AbortSignal.any([signal, silent.signal]), () =>
        silence.refresh(),
      );
    } catch (error) {
      if (silent.signal.aborted && !signal.aborted) {
        throw new SilentWatchError(`no event for ${silenceMs} ms, not even its own heartbeat`, { cause: error });
      }
      throw error;
    } finally {
      clearTimeout(silence);
    }
  }

  async #read(
    prefix: string,
    fromRevision: string,
    byKey: Map<string, ServiceInstance>,
    publish: () => void,
    signal: AbortSignal,
    heard: () => void,
  ): Promise<string> {
    let revision = fromRevision;
    for await (const line of this.#gateway.watchLines(prefix, fromRevision, signal)) {
      heard();
      const parsed = watchLine.safeParse(line);
      if (!parsed.success || parsed.data.error !== undefined || !parsed.data.result) {
        throw new RegistryRequestError(`the watch stream sent an error: ${JSON.stringify(line).slice(0, 200)}`);
      }
      const result = parsed.data.result;
      if (result.canceled || result.compact_revision)
        throw new RegistryRequestError('the watch was cancelled (compaction?)');
      for (const event of result.events ?? []) {
        const key = unb64(event.kv.key);
        if (!isInstanceKey(prefix, key)) continue; // a watch's heartbeat
        if (event.type === 'DELETE') byKey.delete(key);
        else {
          const instance = this.#decode(key, event.kv.value);
          if (instance) byKey.set(key, instance);
        }
      }
      if (result.header) revision = result.header.revision;
      publish();
    }
    return revision;
  }
  // #endregion watch

  // #region heartbeat
  /**
   * etcd sends nothing on an idle watch (progress notifications come every 10 minutes), so a connection that a NAT
   * or load balancer silently dropped looks exactly like a quiet service. Each watch therefore writes a key inside
   * the range it watches, every `intervalMs`, and expects to hear it back. The key lives under its own short lease,
   * so a watcher that dies leaves nothing behind for long.
   */
  async #heartbeat(service: string, intervalMs: number, signal: AbortSignal): Promise<void> {
    const key = `${this.#prefix}${service}/.watch/${randomUUID()}`;
    const ttl = Math.max(2, Math.ceil((intervalMs * 5) / 1_000));
    let leaseId: string | undefined;
    let failures = 0;
    for (let beat = 1; !signal.aborted; beat += 1) {
      try {
        if (leaseId === undefined || (await this.#gateway.renewLease(leaseId, signal)) <= 0) {
          leaseId = leaseResponse.parse(await this.#gateway.post('/v3/lease/grant', { TTL: ttl }, signal)).ID;
        }
        await this.#gateway.post('/v3/kv/put', { key: b64(key), value: b64(String(beat)), lease: leaseId }, signal);
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        // The watch's silence timer acts on a lost connection; a heartbeat that keeps failing is worth one line.
        failures += 1;
        if (failures === 1)
          this.#log(`etcd: heartbeat of the watch on "${service}" failed (${(error as Error).message})`);
      }
      await pause(intervalMs, signal);
    }
  }
  // #endregion heartbeat

  /** Stops keep-alives and watches. Does not revoke leases: registrations left behind expire with their TTL. */
  async close(): Promise<void> {
    this.#closing.abort();
    await Promise.all(this.#running);
  }

  async #range(
    service: string,
    signal: AbortSignal,
  ): Promise<{ byKey: Map<string, ServiceInstance>; revision: string }> {
    const prefix = `${this.#prefix}${service}/`;
    const body = rangeResponse.parse(
      await this.#gateway.post('/v3/kv/range', { key: b64(prefix), range_end: prefixRangeEnd(prefix) }, signal),
    );
    const byKey = new Map<string, ServiceInstance>();
    for (const kv of body.kvs ?? []) {
      const key = unb64(kv.key);
      if (!isInstanceKey(prefix, key)) continue;
      const instance = this.#decode(key, kv.value);
      if (instance) byKey.set(key, instance);
    }
    return { byKey, revision: body.header.revision };
  }

  #decode(key: string, value: string | undefined): ServiceInstance | undefined {
    try {
      return storedInstance.parse(JSON.parse(unb64(value ?? '')));
    } catch {
      this.#log(`etcd: ignoring ${key}: its value is not a registered instance`);
      return undefined;
    }
  }

  #track(work: Promise<void>): Promise<void> {
    this.#running.add(work);
    void work.finally(() => this.#running.delete(work));
    return work;
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted) throw new RegistryClosedError('this etcd registry was closed');
  }
}

/** A watch heard nothing, not even its own heartbeat, for longer than it allows: the connection is presumed dead. */
class SilentWatchError extends RegistryRequestError {}

/** Instance keys are `<prefix><service>/<id>` and ids have no "/"; anything deeper (a heartbeat) is not an instance. */
function isInstanceKey(servicePrefix: string, key: string): boolean {
  return key.startsWith(servicePrefix) && !key.slice(servicePrefix.length).includes('/');
}
