import { isIP } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { InvalidRegistrationError } from './discovery-error.js';
import type { InstanceRegistration, ServiceInstance } from './registry.port.js';

// #region identity
/**
 * An id that stays the same when the same instance restarts (same service, address and port), so a crashed
 * instance that comes back overwrites its own entry instead of leaving a zombie beside a new one.
 *
 * @example stableInstanceId({ service: 'orders', address: '10.0.4.7', port: 3000 }) // 'orders-10-0-4-7-3000'
 */
export function stableInstanceId({
  service,
  address,
  port,
}: {
  service: string;
  address: string;
  port: number;
}): string {
  return `${service}-${address}-${port}`.replace(/[^A-Za-z0-9_-]+/g, '-');
}

const UNSPECIFIED = new Set(['0.0.0.0', '::', '[::]']);
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

export interface AdvertisedAddressOptions {
  /** The address to publish, from config (e.g. `SERVICE_ADVERTISE_ADDRESS`, or the pod IP on Kubernetes). */
  readonly configured?: string | undefined;
  /** For tests; defaults to `os.networkInterfaces()`. */
  readonly interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/**
 * The address other machines should use to reach this instance. A configured address wins (loopback is accepted
 * only when configured, for tests and one-machine setups); otherwise the first non-internal IPv4 address.
 * `0.0.0.0` is a listening address, never a destination: it is refused.
 */
export function resolveAdvertisedAddress({
  configured,
  interfaces = networkInterfaces(),
}: AdvertisedAddressOptions = {}): string {
  if (configured !== undefined && configured !== '') {
    if (UNSPECIFIED.has(configured)) {
      throw new InvalidRegistrationError(
        `advertised address ${configured} means "every interface" and no other machine can connect to it; ` +
          'configure the instance IP (the pod IP on Kubernetes) or a DNS name',
      );
    }
    return configured;
  }
  for (const addresses of Object.values(interfaces)) {
    const found = addresses?.find((entry) => entry.family === 'IPv4' && !entry.internal);
    if (found) return found.address;
  }
  throw new InvalidRegistrationError(
    'no advertised address configured and no non-loopback IPv4 interface found; set the address explicitly',
  );
}
// #endregion identity

/** Validates a registration and fills in its id: one rule for every adapter. */
export function normaliseRegistration(registration: InstanceRegistration): ServiceInstance {
  const { service, address, port } = registration;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(service)) {
    throw new InvalidRegistrationError(`service name "${service}" must be letters, digits, "_", "." or "-"`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new InvalidRegistrationError(`port must be an integer from 1 to 65535, got ${port}`);
  }
  if (UNSPECIFIED.has(address) || address === '') {
    throw new InvalidRegistrationError(`address "${address}" is not routable; advertise the instance IP or DNS name`);
  }
  if (isIP(address) === 0 && !/^[A-Za-z0-9.-]+$/.test(address)) {
    throw new InvalidRegistrationError(`address "${address}" is neither an IP address nor a host name`);
  }
  const id = registration.id ?? stableInstanceId({ service, address, port });
  if (id.includes('/')) throw new InvalidRegistrationError(`instance id "${id}" must not contain "/"`);
  return { id, service, address, port, metadata: { ...registration.metadata } };
}

/** True for `localhost` and 127.x: fine in tests, a bug when other machines must connect. */
export function isLoopbackAddress(address: string): boolean {
  return LOOPBACK.test(address);
}
