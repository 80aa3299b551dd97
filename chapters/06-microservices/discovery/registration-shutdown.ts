import type { Registration, ServiceRegistry } from './registry.port.js';

/**
 * What discovery needs from a shutdown coordinator: a named close step. Chapter 8's `GracefulShutdown` has it, and so
 * do close-with-grace or @godaddy/terminus wrappers; this chapter does not depend on any of them.
 */
export interface ShutdownRegistry {
  register(name: string, close: () => Promise<void> | void): unknown;
}

// #region shutdown
/**
 * Hooks discovery into a graceful shutdown (Chapter 8 builds one). Resources close in reverse order after in-flight requests
 * finished, so: first this instance is deregistered, then the registry's watches and keep-alives stop. Nothing here
 * calls `process.exit`; the process ends by itself once everything is closed.
 *
 * Between SIGTERM and deregistration, callers still list this instance; its server refuses new connections, and
 * the service client retries those on another instance (a refused connection is safe to retry, even for a POST).
 *
 * @example
 * const shutdown = handleProcessShutdown({ servers: [server], log });
 * const registration = await registry.register({ service: 'orders', address, port });
 * closeDiscoveryOnShutdown(shutdown, { registry, registration });
 */
export function closeDiscoveryOnShutdown(
  shutdown: ShutdownRegistry,
  { registry, registration }: { registry: Pick<ServiceRegistry, 'close'>; registration?: Registration },
): void {
  shutdown.register('service registry', () => registry.close());
  if (registration) shutdown.register(`registration ${registration.instance.id}`, () => registration.deregister());
}
// #endregion shutdown
