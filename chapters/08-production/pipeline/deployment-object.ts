/**
 * The parts of an apps/v1 Deployment the pipeline reads and writes. `V1Deployment` from @kubernetes/client-node fits
 * these shapes; the pipeline's core does not depend on the client library.
 */
import { ManifestError } from './pipeline-errors.js';

export interface DeploymentCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** A Deployment as the API returns it: spec plus the controller's status. */
export interface DeploymentObject {
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly generation?: number };
  readonly spec?: {
    readonly replicas?: number;
    readonly progressDeadlineSeconds?: number;
    readonly template?: {
      readonly spec?: { readonly containers?: readonly { readonly name: string; readonly image?: string }[] };
    };
  };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly replicas?: number;
    readonly updatedReplicas?: number;
    readonly readyReplicas?: number;
    readonly availableReplicas?: number;
    readonly unavailableReplicas?: number;
    readonly conditions?: readonly DeploymentCondition[];
  };
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What the pipeline applies: a Deployment manifest as plain JSON (what deploy/k8s/deployment.yaml holds). */
export interface DeploymentManifest extends JsonObject {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: { name: string; namespace?: string } & JsonObject;
  spec: JsonObject;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks that `value` is a Deployment manifest with a named container list; throws ManifestError saying what is missing. */
export function asDeploymentManifest(value: unknown, source = 'manifest'): DeploymentManifest {
  if (!isObject(value) || value.apiVersion !== 'apps/v1' || value.kind !== 'Deployment') {
    throw new ManifestError(`${source} is not an apps/v1 Deployment`);
  }
  if (!isObject(value.metadata) || typeof value.metadata.name !== 'string' || value.metadata.name === '') {
    throw new ManifestError(`${source} has no metadata.name`);
  }
  if (!isObject(value.spec)) throw new ManifestError(`${source} has no spec`);
  containersOf(value as DeploymentManifest, source);
  return value as DeploymentManifest;
}

function containersOf(manifest: DeploymentManifest, source: string): JsonObject[] {
  const template = manifest.spec.template;
  const podSpec = isObject(template) ? template.spec : undefined;
  const containers = isObject(podSpec) ? podSpec.containers : undefined;
  if (!Array.isArray(containers) || !containers.every(isObject))
    throw new ManifestError(`${source} has no spec.template.spec.containers list`);
  return containers;
}

/** The image of the named container in a live Deployment, if there is one. */
export function liveImage(deployment: DeploymentObject | undefined, containerName: string): string | undefined {
  return deployment?.spec?.template?.spec?.containers?.find((container) => container.name === containerName)?.image;
}

/** A deep copy of `manifest` with the named container's image replaced; the manifest itself is not changed. */
export function withImage(manifest: DeploymentManifest, containerName: string, image: string): DeploymentManifest {
  const copy = structuredClone(manifest);
  const container = containersOf(copy, `Deployment ${manifest.metadata.name}`).find(
    (candidate) => candidate.name === containerName,
  );
  if (!container)
    throw new ManifestError(`Deployment ${manifest.metadata.name} has no container named "${containerName}"`);
  container.image = image;
  return copy;
}
