/**
 * What the deploy pipeline needs from the outside world, as ports it owns. The real adapters are
 * `dockerode-image.adapter.ts` (Docker Engine API) and `kubernetes-deployment.adapter.ts` (Kubernetes API); tests use
 * the same adapters against fake API servers on loopback.
 */
import type { DeploymentManifest, DeploymentObject } from './deployment-object.js';

export interface BuildRequest {
  /** `repository:commit`, from imageTagForCommit. */
  readonly tag: string;
  /** Path of the Dockerfile inside the build context. */
  readonly dockerfile: string;
  /** Image labels, e.g. org.opencontainers.image.revision. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface ImageBuilder {
  /** Resolves only when the build succeeded; rejects with BuildFailedError otherwise. */
  build(request: BuildRequest, signal?: AbortSignal): Promise<{ readonly imageId: string }>;
}

export interface ImagePusher {
  /** Pushes `repository:tag`; resolves with the digest the registry stored, rejects with PushFailedError. */
  push(repository: string, tag: string, signal?: AbortSignal): Promise<{ readonly digest: string }>;
}

export interface DeploymentTarget {
  /** The live Deployment, or undefined when it does not exist yet. */
  read(name: string): Promise<DeploymentObject | undefined>;
  /** Server-side apply: creates or updates; the same manifest twice changes nothing. Rejects with ApplyFailedError. */
  apply(manifest: DeploymentManifest): Promise<DeploymentObject>;
}
