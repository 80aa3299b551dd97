/**
 * The deploy pipeline, behind ports: build the image for a commit, push it, apply the Deployment pinned to the
 * pushed digest, watch the rollout, and roll back to the previous image when the rollout fails. Every step waits
 * for the one before to succeed; any failure rejects, so the CLI exits non-zero.
 */
import { type DeploymentManifest, liveImage, withImage } from './deployment-object.js';
import { imageTagForCommit, pinnedImage } from './image-reference.js';
import { PipelineError } from './pipeline-errors.js';
import type { DeploymentTarget, ImageBuilder, ImagePusher } from './pipeline.ports.js';
import { type RolloutOutcome, watchRollout, type WatchRolloutOptions } from './rollout-watcher.js';

/** The rollout did not complete; `rollback` says whether the previous image was restored. */
export class RolloutFailedError extends PipelineError {
  constructor(
    message: string,
    readonly outcome: RolloutOutcome,
    readonly rollback: { readonly image: string; readonly outcome: RolloutOutcome } | undefined,
  ) {
    super(outcome.kind === 'timeout' ? 'ROLLOUT_TIMEOUT' : 'ROLLOUT_FAILED', message);
  }
}

export type PipelineEvent =
  | { readonly step: 'build'; readonly tag: string }
  | { readonly step: 'built'; readonly imageId: string }
  | { readonly step: 'pushed'; readonly digest: string }
  | { readonly step: 'apply'; readonly image: string; readonly previousImage: string | undefined }
  | { readonly step: 'rollout'; readonly state: string; readonly reason: string }
  | { readonly step: 'rollback'; readonly image: string; readonly reason: string };

export interface DeployPipelineOptions {
  /** The git commit being deployed (full SHA): the image tag and the revision label. */
  readonly commit: string;
  /** Where the image is pushed, without tag: `registry.example.com/team/orders`. */
  readonly repository: string;
  /** The Deployment to apply (deploy/k8s/deployment.yaml); its image is replaced by the pushed digest. */
  readonly manifest: DeploymentManifest;
  /** The container whose image this pipeline owns. */
  readonly containerName: string;
  readonly dockerfile?: string;
  readonly builder: ImageBuilder;
  readonly pusher: ImagePusher;
  readonly target: DeploymentTarget;
  /** Rollout deadline and polling; the same deadline bounds the rollback's rollout. */
  readonly rollout: Pick<WatchRolloutOptions, 'deadlineMs' | 'pollIntervalMs' | 'now' | 'wait'>;
  readonly onEvent?: (event: PipelineEvent) => void;
  readonly signal?: AbortSignal;
}

export interface DeployResult {
  readonly tag: string;
  readonly digest: string;
  /** What the Deployment now runs: repository@digest. */
  readonly image: string;
  readonly previousImage: string | undefined;
  readonly rollout: RolloutOutcome;
}

// #region pipeline
/**
 * Runs the pipeline for one commit. Resolves when the new image is rolled out; rejects with BuildFailedError,
 * PushFailedError, ApplyFailedError or RolloutFailedError (after rolling back) otherwise.
 */
export async function runDeployPipeline(options: DeployPipelineOptions): Promise<DeployResult> {
  const { manifest, containerName, target, signal } = options;
  const name = manifest.metadata.name;
  const emit = options.onEvent ?? (() => undefined);

  const tag = imageTagForCommit(options.repository, options.commit);
  emit({ step: 'build', tag });
  const labels = { 'org.opencontainers.image.revision': options.commit };
  const built = await options.builder.build({ tag, dockerfile: options.dockerfile ?? 'Dockerfile', labels }, signal);
  emit({ step: 'built', imageId: built.imageId });

  const { digest } = await options.pusher.push(options.repository, options.commit, signal);
  emit({ step: 'pushed', digest });
  const image = pinnedImage(options.repository, digest);

  const previousImage = liveImage(await target.read(name), containerName);
  emit({ step: 'apply', image, previousImage });
  const applied = await target.apply(withImage(manifest, containerName, image));

  const watch = (minGeneration: number): Promise<RolloutOutcome> =>
    watchRollout({
      ...options.rollout,
      read: () => target.read(name),
      minGeneration,
      onProgress: (state) => emit({ step: 'rollout', state: state.kind, reason: state.reason }),
      ...(signal ? { signal } : {}),
    });
  const outcome = await watch(applied.metadata?.generation ?? 0);
  if (outcome.kind === 'complete') return { tag, digest, image, previousImage, rollout: outcome };

  // `kubectl rollout undo` is client-side logic; the same effect here is re-applying the image that ran before.
  if (previousImage === undefined || previousImage === image) {
    throw new RolloutFailedError(
      `the rollout of ${image} ended "${outcome.kind}": ${outcome.reason}; there was no earlier image to roll back to`,
      outcome,
      undefined,
    );
  }
  emit({ step: 'rollback', image: previousImage, reason: outcome.reason });
  const restored = await target.apply(withImage(manifest, containerName, previousImage));
  const rollbackOutcome = await watch(restored.metadata?.generation ?? 0);
  throw new RolloutFailedError(
    `the rollout of ${image} ended "${outcome.kind}": ${outcome.reason}; rolled back to ${previousImage}` +
      (rollbackOutcome.kind === 'complete'
        ? ' (rollback complete)'
        : ` but the rollback ended "${rollbackOutcome.kind}": ${rollbackOutcome.reason}`),
    outcome,
    { image: previousImage, outcome: rollbackOutcome },
  );
}
// #endregion pipeline
