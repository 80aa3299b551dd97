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

/**
 * Splits `[registry/]path[:tag][@digest]` as Docker does, with its defaults applied.
 *
 * - The first `/`-separated component is a registry only when more components follow and it looks like a host: it
 *   contains a "." or a ":" (a port), or it is "localhost". Otherwise the registry is `docker.io`, and a docker.io
 *   repository of one component is under `library/` (`node` is `docker.io/library/node`).
 * - A tag follows the repository path after ":"; a ":" inside the registry (`localhost:5000/orders`) is a port.
 * - A digest is `sha256:` and 64 lowercase hex digits. A tag is 1 to 128 of A-Z, a-z, 0-9, `_`, `.` and `-`, not
 *   starting with `.` or `-`. Each path component is lowercase letters and digits, separated inside the component
 *   by one `.`, one or two `_`, or any number of `-`.
 * - Anything else (an empty path, an empty tag, a bad digest, an uppercase name) is the chapter's
 *   ImageReferenceError, whose message quotes the reference and names the part that is wrong (`digest`, `tag` or
 *   `repository`).
 */
export function parseImageReference(_reference: string): ImageReference {
  // TODO(08.6): split the reference as described above.
  throw new TodoError('08.6');
}

/**
 * Accepts only what a production Deployment should run: a digest, from an allowed registry. Returns the canonical
 * `registry/repository@digest` (the tag dropped: with a digest it is only a label).
 *
 * Refusals are ImageReferenceErrors, checked in this order: a reference that does not parse; a registry outside
 * `policy.allowedRegistries` (the message says "comes from <registry>; allowed registries: <a, b>", or "(none)"
 * for an empty list); then a reference without a digest (the message says "not pinned: a tag ("v1")", or
 * "(implicitly "latest")" when no tag was written).
 */
export function requirePinnedImage(_reference: string, _policy: PinPolicy): string {
  // TODO(08.6): check the reference against the policy as described above.
  throw new TodoError('08.6');
}
