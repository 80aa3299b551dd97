import { EtcdRegistry, type EtcdRegistryOptions } from './etcd-registry.js';
import { InMemoryRegistry } from './in-memory-registry.js';
import type { ServiceRegistry } from './registry.port.js';
import { defaultProviderLog, redactUrl, type ProviderLog } from '../../../platform/shared/provider-log.js';
import { CodedError } from '../../../platform/errors/coded-error.js';

export type RegistryProviderName = 'etcd' | 'in-memory';

export interface RegistryHandle {
  readonly registry: ServiceRegistry;
  readonly provider: RegistryProviderName;
  /** Stops the registry's watches and keep-alives (deregister your instances first; shutdown does it in order). */
  close(): Promise<void>;
}

export interface RegistryProviderOptions extends Omit<EtcdRegistryOptions, 'url' | 'log'> {
  /** Defaults to `process.env.ETCD_URL`. */
  readonly url?: string | undefined;
  /** How long etcd may take to answer the first request before it counts as unreachable. */
  readonly connectTimeoutMs?: number;
  readonly log?: ProviderLog;
}

/** Raised when ETCD_URL is set but etcd does not answer: never hidden behind the in-memory registry. */
export class RegistryUnavailableError extends CodedError {
  readonly code = 'REGISTRY_UNAVAILABLE';
}

/**
 * A service registry for a test, a demo or the capstone: etcd at `ETCD_URL` when it is set (it must answer, or this
 * fails with a clear error), else an in-process registry. One log line names the choice.
 *
 * @example
 * const { registry, provider, close } = await connectRegistry({ prefix: 'shop/' });
 * const registration = await registry.register({ service: 'orders', address, port });
 */
export async function connectRegistry({
  url = process.env.ETCD_URL,
  connectTimeoutMs = 3_000,
  log = defaultProviderLog,
  ...options
}: RegistryProviderOptions = {}): Promise<RegistryHandle> {
  if (!url) {
    const registry = new InMemoryRegistry();
    log('registry: in-memory (in-process stand-in; set ETCD_URL to use etcd). No other processes, no lease expiry.');
    return { registry, provider: 'in-memory', close: () => registry.close() };
  }
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || parsed.username || parsed.password) {
    throw new RegistryUnavailableError(
      `ETCD_URL (${redactUrl(url)}) must be a plain http(s) URL without credentials: ` +
        'the etcd adapter does not implement etcd authentication.',
    );
  }
  try {
    const response = await fetch(new URL('/version', url), { signal: AbortSignal.timeout(connectTimeoutMs) });
    const body = (await response.json()) as { etcdserver?: unknown };
    if (!response.ok || typeof body.etcdserver !== 'string')
      throw new Error(`GET /version answered ${response.status} without an etcd version`);
    log(`registry: etcd ${body.etcdserver} at ${redactUrl(url)} (ETCD_URL)`);
  } catch (error) {
    const cause = error as Error & { cause?: { code?: string } };
    throw new RegistryUnavailableError(
      `ETCD_URL is set to ${redactUrl(url)} but etcd did not answer within ${connectTimeoutMs} ms ` +
        `(${cause.name === 'TimeoutError' ? 'timeout' : (cause.cause?.code ?? cause.message)}). ` +
        'Start etcd, fix ETCD_URL, or unset it to use the in-memory registry.',
      { cause: error },
    );
  }
  const registry = new EtcdRegistry({ ...options, url, log });
  return { registry, provider: 'etcd', close: () => registry.close() };
}
