import { CodedError } from '../../../platform/errors/coded-error.js';

/** The container's errors, under the workbook's one root `CodedError` (stable `code`, class `name`). */
export abstract class ContainerError extends CodedError {}

function via(path: readonly string[]): string {
  return path.length === 0
    ? 'resolve() was called with it directly'
    : `asked for by ${path.at(-1)} (path: ${path.join(' -> ')})`;
}

/** Nothing is registered for a token; says who asked for it. */
export class MissingDependencyError extends ContainerError {
  readonly code = 'DI_MISSING';

  constructor(
    readonly token: string,
    readonly path: readonly string[],
  ) {
    super(`Nothing is registered for '${token}', ${via(path)}; register it before resolving`);
  }

  /** Who needed the token, or undefined when it was resolved directly. */
  get requestedBy(): string | undefined {
    return this.path.at(-1);
  }
}

/** A dependency cycle; `path` is the whole loop, `a -> b -> a`. */
export class CircularDependencyError extends ContainerError {
  readonly code = 'DI_CYCLE';

  constructor(readonly path: readonly string[]) {
    super(`Circular dependency: ${path.join(' -> ')}; break the loop (pass a callback, or move the shared part out)`);
  }
}

/** A scoped registration resolved outside a scope, or captured by a singleton that would keep it forever. */
export class ScopeError extends ContainerError {
  readonly code = 'DI_SCOPE';
}

/** A token registered twice; replacing a registration silently hides wiring mistakes. */
export class DuplicateRegistrationError extends ContainerError {
  readonly code = 'DI_DUPLICATE';

  constructor(readonly token: string) {
    super(
      `'${token}' is already registered; each token may be registered once (use a new token, or build a second container)`,
    );
  }
}

/** `resolve()` or `register*()` after `dispose()`. */
export class ContainerDisposedError extends ContainerError {
  readonly code = 'DI_DISPOSED';
}

/** `validate()` found problems; `problems` lists every one, not just the first. */
export class ContainerValidationError extends ContainerError {
  readonly code = 'DI_INVALID';

  constructor(readonly problems: readonly ContainerError[]) {
    super(`The container is not valid:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
  }
}
