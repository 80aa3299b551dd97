import { CodedError } from '../../../platform/errors/coded-error.js';

/** Raised when WORKBOOK_CONTAINERS asks for containers and no container runtime answers. */
export class ContainerRuntimeUnavailableError extends CodedError {
  readonly code = 'CONTAINER_RUNTIME_UNAVAILABLE';
}

/** Raised when a container was asked for and did not start (image pull, port, health check). */
export class ContainerStartError extends CodedError {
  readonly code = 'CONTAINER_START_FAILED';
}
