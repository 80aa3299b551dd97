/**
 * Image references the pipeline builds and deploys: tagged by the git commit (traceable, never `undefined`, never
 * `latest`), deployed by digest (immutable: a tag can be moved to another image, a digest cannot).
 */
import { ImageReferenceError } from './pipeline-errors.js';

// Docker's grammar, kept to what a pipeline produces: lowercase path components, an optional registry host[:port].
const REPOSITORY = /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const COMMIT = /^[0-9a-f]{7,40}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

function checkRepository(repository: string): void {
  if (!REPOSITORY.test(repository)) {
    throw new ImageReferenceError(
      `image repository ${JSON.stringify(repository)} is not valid: expected [registry[:port]/]name[/name], lowercase, without a tag or digest`,
    );
  }
}

/**
 * The tag for a build of `commit` (a full or abbreviated git SHA, lowercase hex).
 *
 * @example
 * imageTagForCommit('registry.example.com/orders', 'a1b2c3d4e5f6') // 'registry.example.com/orders:a1b2c3d4e5f6'
 */
export function imageTagForCommit(repository: string, commit: string | undefined): string {
  checkRepository(repository);
  if (commit === undefined || !COMMIT.test(commit)) {
    throw new ImageReferenceError(
      `commit ${JSON.stringify(commit ?? 'undefined')} is not a git SHA: expected 7 to 40 lowercase hex characters (git rev-parse HEAD)`,
    );
  }
  return `${repository}:${commit}`;
}

/**
 * The reference a Deployment should run: `repository@sha256:...`, which always means the same bytes.
 *
 * @example
 * pinnedImage('registry.example.com/orders', 'sha256:' + 'ab'.repeat(32))
 */
export function pinnedImage(repository: string, digest: string | undefined): string {
  checkRepository(repository);
  if (digest === undefined || !DIGEST.test(digest)) {
    throw new ImageReferenceError(
      `digest ${JSON.stringify(digest ?? 'undefined')} is not valid: expected sha256: and 64 lowercase hex characters`,
    );
  }
  return `${repository}@${digest}`;
}
