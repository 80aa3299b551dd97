/** Raised when WORKBOOK_CONTAINERS asks for containers and no container runtime answers. */
export class ContainerRuntimeUnavailableError extends Error {
  override readonly name = 'ContainerRuntimeUnavailableError';
  readonly code = 'CONTAINER_RUNTIME_UNAVAILABLE';
}

/** Raised when a container was asked for and did not start (image pull, port, health check). */
export class ContainerStartError extends Error {
  override readonly name = 'ContainerStartError';
  readonly code = 'CONTAINER_START_FAILED';
}
