import { CodedError } from '../../../platform/errors/coded-error.js';

/**
 * Chapter 6's discovery errors, under the workbook's one root `CodedError` (stable `code`, class `name`, optional
 * `cause`). Callers branch on `code` (or `instanceof`), never on message text.
 */
export abstract class DiscoveryError extends CodedError {}

/** A registration or option the registry cannot accept (an unroutable address, a port out of range...). */
export class InvalidRegistrationError extends DiscoveryError {
  readonly code = 'DISCOVERY_REGISTRATION_INVALID';
}

/** The registry answered a request with an error status, or with a body this adapter cannot read. */
export class RegistryRequestError extends DiscoveryError {
  readonly code = 'DISCOVERY_REGISTRY_REQUEST_FAILED';
}

/** The registry (or a watch) was closed on purpose; nothing more goes through it. */
export class RegistryClosedError extends DiscoveryError {
  readonly code = 'DISCOVERY_REGISTRY_CLOSED';
}

/** The registry lists no instance of the service (none registered, or none passing its health check). */
export class NoInstanceAvailableError extends DiscoveryError {
  readonly code = 'DISCOVERY_NO_INSTANCE';
}

/** One failed try of a call: which instance, and what went wrong. */
export interface FailedAttempt {
  readonly instanceId: string;
  readonly error: string;
}

/**
 * A call failed on every instance it was allowed to try, or ran out of time. `attempts` lists each try; the
 * message says which limit ended the call.
 */
export class ServiceCallFailedError extends DiscoveryError {
  readonly code: 'DISCOVERY_CALL_FAILED' | 'DISCOVERY_DEADLINE_EXCEEDED';

  constructor(
    message: string,
    readonly attempts: readonly FailedAttempt[],
    options?: ErrorOptions & { deadlineExceeded?: boolean },
  ) {
    super(message, options);
    this.code = options?.deadlineExceeded ? 'DISCOVERY_DEADLINE_EXCEEDED' : 'DISCOVERY_CALL_FAILED';
  }
}
