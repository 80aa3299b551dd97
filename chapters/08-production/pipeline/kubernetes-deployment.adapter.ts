/**
 * DeploymentTarget on the Kubernetes API through @kubernetes/client-node 1.x: GET to read, and server-side apply
 * (PATCH with `application/apply-patch+yaml` and a field manager) to create or update. Server-side apply is what
 * makes a deploy idempotent: the API server merges our fields, records us as their manager, and the second deploy
 * is an ordinary update instead of a 409 AlreadyExists.
 */
import {
  ApiException,
  AppsV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import type { DeploymentManifest, DeploymentObject } from './deployment-object.js';
import { ApplyFailedError } from './pipeline-errors.js';
import type { DeploymentTarget } from './pipeline.ports.js';

export interface KubernetesDeploymentOptions {
  readonly namespace: string;
  /** Who owns the applied fields (kubectl uses `kubectl`); keep it stable across deploys. */
  readonly fieldManager: string;
  /**
   * Take over fields another manager set (like `kubectl apply --server-side --force-conflicts`). Off by default:
   * a conflict means someone changed the Deployment by hand, and a person should decide.
   */
  readonly forceConflicts?: boolean;
}

function statusMessage(error: ApiException<unknown>): string {
  try {
    const body = (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as
      { message?: string } | undefined;
    return body?.message ?? `HTTP ${error.code}`;
  } catch {
    return `HTTP ${error.code}`;
  }
}

export class KubernetesDeploymentAdapter implements DeploymentTarget {
  readonly #api: AppsV1Api;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: KubernetesDeploymentOptions,
  ) {
    this.#api = kubeConfig.makeApiClient(AppsV1Api);
  }

  async read(name: string): Promise<DeploymentObject | undefined> {
    try {
      return await this.#api.readNamespacedDeployment({ name, namespace: this.options.namespace });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  }

  // #region apply
  async apply(manifest: DeploymentManifest): Promise<DeploymentObject> {
    const { name } = manifest.metadata;
    const body = { ...manifest, metadata: { ...manifest.metadata, namespace: this.options.namespace } };
    try {
      const applied: V1Deployment = await this.#api.patchNamespacedDeployment(
        {
          name,
          namespace: this.options.namespace,
          body,
          fieldManager: this.options.fieldManager,
          force: this.options.forceConflicts ?? false,
        },
        // The generated client would send a JSON Patch content type; apply needs this one (JSON is valid YAML).
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      );
      return applied;
    } catch (error) {
      if (error instanceof ApiException) {
        const hint =
          error.code === 409
            ? ' (another field manager owns a field this manifest sets: see who with kubectl get -o yaml --show-managed-fields)'
            : '';
        throw new ApplyFailedError(
          `server-side apply of Deployment ${this.options.namespace}/${name} failed with ${error.code}: ${statusMessage(error)}${hint}`,
          error.code,
          { cause: error },
        );
      }
      throw error;
    }
  }
  // #endregion apply
}
