import { TodoError } from '../../workbook/todo-error.js';

/** An image reference split into its parts, with Docker's defaults applied (`docker.io`, `library/`). */
export interface ImageReference {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export interface PinPolicy {
  /** Registries images may come from, e.g. ['registry.example.com']. */
  readonly allowedRegistries: readonly string[];
}

/** Splits `[registry/]path[:tag][@digest]` as Docker does; throws ImageReferenceError for anything else. */
export function parseImageReference(_reference: string): ImageReference {
  // TODO(08.6): cut "@digest" first (sha256: + 64 lowercase hex), then ":tag" only if that ":" comes after the last
  // "/" (otherwise it is a registry port). The first path component is a registry only when there is more than one
  // component and it has a "." or a ":" or is "localhost"; otherwise the registry is docker.io, and a one-component
  // docker.io name gets "library/". Throw the chapter's ImageReferenceError (pipeline-errors.ts) for bad parts.
  throw new TodoError('08.6');
}

/**
 * Accepts only what a production Deployment should run: a digest, from an allowed registry. Returns the canonical
 * `registry/repository@digest` (the tag dropped: with a digest it is only a label).
 */
export function requirePinnedImage(_reference: string, _policy: PinPolicy): string {
  // TODO(08.6): parse, refuse a registry outside policy.allowedRegistries and a reference without a digest (both
  // ImageReferenceError, saying what is allowed), and return registry/repository@digest.
  throw new TodoError('08.6');
}
