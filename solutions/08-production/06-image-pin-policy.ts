import { ImageReferenceError } from '../../chapters/08-production/pipeline/pipeline-errors.js';

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

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Splits `[registry/]path[:tag][@digest]` as Docker does; throws ImageReferenceError for anything else. */
export function parseImageReference(reference: string): ImageReference {
  const fail = (why: string): never => {
    throw new ImageReferenceError(`image reference ${JSON.stringify(reference)} is not valid: ${why}`);
  };
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) fail('the digest must be sha256: and 64 lowercase hex characters');
  }
  let tag: string | undefined;
  // A tag is after the last ":" that comes after the last "/" (a ":" before it is a registry port).
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail('a tag is 1-128 of A-Z, a-z, 0-9, _, . and -, not starting with . or -');
  }
  // The first component is a registry only if more follow and it looks like a host: a dot, a port, or localhost.
  const slash = rest.indexOf('/');
  const first = rest.slice(0, slash);
  const hasRegistry = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const path = (hasRegistry ? rest.slice(slash + 1) : rest).split('/');
  if (!path.every((component) => PATH_COMPONENT.test(component)))
    fail('the repository path must be lowercase components separated by /');
  // Docker Hub's official images live under library/: `node` is docker.io/library/node.
  const repository = (registry === 'docker.io' && path.length === 1 ? ['library', ...path] : path).join('/');
  return { registry, repository, tag, digest };
}

/**
 * Accepts only what a production Deployment should run: a digest, from an allowed registry. Returns the canonical
 * `registry/repository@digest` (the tag dropped: with a digest it is only a label).
 */
export function requirePinnedImage(reference: string, policy: PinPolicy): string {
  const parsed = parseImageReference(reference);
  if (!policy.allowedRegistries.includes(parsed.registry)) {
    throw new ImageReferenceError(
      `image ${reference} comes from ${parsed.registry}; allowed registries: ${policy.allowedRegistries.join(', ') || '(none)'}`,
    );
  }
  if (parsed.digest === undefined) {
    throw new ImageReferenceError(
      `image ${reference} is not pinned: a tag${parsed.tag ? ` ("${parsed.tag}")` : ' (implicitly "latest")'} can move; deploy repository@sha256:...`,
    );
  }
  return `${parsed.registry}/${parsed.repository}@${parsed.digest}`;
}
