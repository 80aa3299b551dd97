import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RolloutFailedError,
  runDeployPipeline,
  type DeployPipelineOptions,
  type PipelineEvent,
} from '../../../../chapters/08-production/pipeline/deploy-pipeline.js';
import { runDeployCli, loadDeploymentManifest } from '../../../../chapters/08-production/pipeline/deploy-cli.js';
import { DockerodeImageAdapter } from '../../../../chapters/08-production/pipeline/dockerode-image.adapter.js';
import { KubernetesDeploymentAdapter } from '../../../../chapters/08-production/pipeline/kubernetes-deployment.adapter.js';
import {
  ApplyFailedError,
  BuildFailedError,
  PushFailedError,
} from '../../../../chapters/08-production/pipeline/pipeline-errors.js';
import { startFakeDockerApi, type FakeDockerApi } from './support/fake-docker-api.js';
import {
  fakeKubeConfigYaml,
  stallingController,
  startFakeKubernetesApi,
  type FakeKubernetesApi,
} from './support/fake-kubernetes-api.js';

const MANIFEST_FILE = fileURLToPath(new URL('../../../../deploy/k8s/deployment.yaml', import.meta.url));
const REPOSITORY = 'registry.example.com/shop/orders';
const COMMIT_A = 'a'.repeat(40);
const COMMIT_B = 'b'.repeat(40);
const NAMESPACE = 'shop';

let docker: FakeDockerApi;
let kubernetes: FakeKubernetesApi;
let context: string;

beforeEach(async () => {
  docker = await startFakeDockerApi();
  kubernetes = await startFakeKubernetesApi();
  // A tiny build context: the adapter packs whatever the directory holds.
  context = mkdtempSync(path.join(tmpdir(), 'pipeline-context-'));
  writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\n');
});

afterEach(async () => {
  await docker.close();
  await kubernetes.close();
  rmSync(context, { recursive: true, force: true });
});

function pipeline(
  commit: string,
  overrides: Partial<DeployPipelineOptions> = {},
): { options: DeployPipelineOptions; events: PipelineEvent[] } {
  const images = new DockerodeImageAdapter(new Docker({ host: '127.0.0.1', port: docker.port, protocol: 'http' }), {
    context,
  });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(fakeKubeConfigYaml(kubernetes.url));
  const target = new KubernetesDeploymentAdapter(kubeConfig, {
    namespace: NAMESPACE,
    fieldManager: 'orders-deploy-pipeline',
  });
  const events: PipelineEvent[] = [];
  const options: DeployPipelineOptions = {
    commit,
    repository: REPOSITORY,
    manifest: loadDeploymentManifest(MANIFEST_FILE),
    containerName: 'api',
    dockerfile: 'Dockerfile',
    builder: images,
    pusher: images,
    target,
    rollout: { deadlineMs: 10_000, pollIntervalMs: 1 },
    onEvent: (event) => events.push(event),
    ...overrides,
  };
  return { options, events };
}

const liveImage = (): string | undefined =>
  kubernetes.deployments.get(`${NAMESPACE}/orders-api`)?.spec.template?.spec?.containers?.[0]?.image;

describe('deploy pipeline', () => {
  // #region failed-build-test
  it('fails when the build stream reports an error, and pushes and applies nothing (fake Docker API)', async () => {
    docker.build = 'fails';
    const { options } = pipeline(COMMIT_A);

    const failure = await runDeployPipeline(options).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(BuildFailedError);
    expect((failure as BuildFailedError).message).toContain('returned a non-zero code: 2');
    expect((failure as BuildFailedError).logTail.join('\n')).toContain('error TS2305');
    expect(docker.calls.map((call) => call.path)).toEqual(['/build']);
    expect(kubernetes.calls).toEqual([]);
  });
  // #endregion failed-build-test

  it('fails when the build stream ends without naming an image (fake Docker API)', async () => {
    docker.build = 'stream-cut';
    const { options } = pipeline(COMMIT_A);

    await expect(runDeployPipeline(options)).rejects.toBeInstanceOf(BuildFailedError);
    expect(kubernetes.calls).toEqual([]);
  });

  it('fails when the registry refuses the push, although Docker answered 200 (fake Docker API)', async () => {
    docker.push = 'denied';
    const { options } = pipeline(COMMIT_A);

    await expect(runDeployPipeline(options)).rejects.toThrow(PushFailedError);
    await expect(runDeployPipeline(options)).rejects.toThrow(/denied: requested access/);
    expect(kubernetes.calls).toEqual([]);
  });

  it('builds the commit tag with its revision label and pushes that tag with a registry auth header (fake Docker API, fake Kubernetes API)', async () => {
    const { options } = pipeline(COMMIT_A);

    await runDeployPipeline(options);

    const [build, push] = docker.calls;
    expect(build?.query.get('t')).toBe(`${REPOSITORY}:${COMMIT_A}`);
    expect(JSON.parse(build?.query.get('labels') ?? '{}')).toEqual({ 'org.opencontainers.image.revision': COMMIT_A });
    expect(build?.bodyBytes).toBeGreaterThan(0);
    expect(push?.path).toBe(`/images/${REPOSITORY}/push`);
    expect(push?.query.get('tag')).toBe(COMMIT_A);
    expect(push?.headers['x-registry-auth']).toBeDefined();
  });

  // #region second-deploy-test
  it('deploys by digest with server-side apply, and the second deploy updates without a conflict (fake Docker API, fake Kubernetes API)', async () => {
    const first = await runDeployPipeline(pipeline(COMMIT_A).options);
    const second = await runDeployPipeline(pipeline(COMMIT_B).options);

    expect(first.image).toBe(`${REPOSITORY}@${docker.digestFor(REPOSITORY, COMMIT_A)}`);
    expect(second.previousImage).toBe(first.image);
    expect(liveImage()).toBe(second.image);
    const applies = kubernetes.calls.filter((call) => call.method === 'PATCH');
    expect(applies.map((call) => call.status)).toEqual([201, 200]);
    for (const apply of applies) {
      expect(apply.contentType).toBe('application/apply-patch+yaml');
      expect(apply.query.get('fieldManager')).toBe('orders-deploy-pipeline');
    }
    expect(kubernetes.deployments.get(`${NAMESPACE}/orders-api`)?.metadata.generation).toBe(2);
  });
  // #endregion second-deploy-test

  it('re-deploying the same commit changes nothing: same generation, rollout complete at once (fake Docker API, fake Kubernetes API)', async () => {
    await runDeployPipeline(pipeline(COMMIT_A).options);
    const again = await runDeployPipeline(pipeline(COMMIT_A).options);

    expect(again.rollout.kind).toBe('complete');
    expect(kubernetes.deployments.get(`${NAMESPACE}/orders-api`)?.metadata.generation).toBe(1);
  });

  // #region stalled-rollout-test
  it('rolls a stalled rollout back to the previous digest and fails (fake Docker API, fake Kubernetes API)', async () => {
    const good = await runDeployPipeline(pipeline(COMMIT_A).options);
    const badDigest = docker.digestFor(REPOSITORY, COMMIT_B);
    kubernetes.controller = stallingController((image) => image.endsWith(badDigest));
    const { options, events } = pipeline(COMMIT_B);

    const failure = await runDeployPipeline(options).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RolloutFailedError);
    const rolloutFailure = failure as RolloutFailedError;
    expect(rolloutFailure.code).toBe('ROLLOUT_FAILED');
    expect(rolloutFailure.outcome.reason).toContain('progressDeadlineSeconds');
    expect(rolloutFailure.rollback).toEqual({
      image: good.image,
      outcome: expect.objectContaining({ kind: 'complete' }),
    });
    expect(liveImage()).toBe(good.image);
    expect(events.map((event) => event.step)).toContain('rollback');
  });
  // #endregion stalled-rollout-test

  it('a first deploy that stalls has nothing to roll back to and still fails (fake Kubernetes API)', async () => {
    kubernetes.controller = stallingController(() => true);

    const failure = await runDeployPipeline(pipeline(COMMIT_A).options).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RolloutFailedError);
    expect((failure as RolloutFailedError).rollback).toBeUndefined();
    expect((failure as Error).message).toContain('no earlier image to roll back to');
  });

  it('stops at its own deadline when the cluster never reports a failure, and rolls back (fake Kubernetes API)', async () => {
    await runDeployPipeline(pipeline(COMMIT_A).options);
    const badDigest = docker.digestFor(REPOSITORY, COMMIT_B);
    // The controller never gives up (progressDeadlineSeconds far away); the pipeline's deadline must.
    kubernetes.controller = stallingController((image) => image.endsWith(badDigest), Number.POSITIVE_INFINITY);
    let clock = 0;
    const { options } = pipeline(COMMIT_B, {
      rollout: { deadlineMs: 1_000, pollIntervalMs: 100, now: () => clock, wait: async (ms) => void (clock += ms) },
    });

    const failure = await runDeployPipeline(options).catch((error: unknown) => error);

    expect((failure as RolloutFailedError).code).toBe('ROLLOUT_TIMEOUT');
    expect((failure as RolloutFailedError).rollback?.outcome.kind).toBe('complete');
  });

  it('reports a field owned by another manager as a 409 apply failure instead of overwriting it (fake Kubernetes API)', async () => {
    await runDeployPipeline(pipeline(COMMIT_A).options);
    kubernetes.setImageAs('kubectl-edit', NAMESPACE, 'orders-api', 'api', `${REPOSITORY}:hotfix`);

    const failure = await runDeployPipeline(pipeline(COMMIT_B).options).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApplyFailedError);
    expect((failure as ApplyFailedError).status).toBe(409);
    expect((failure as Error).message).toContain('kubectl-edit');
  });
});

describe('deploy command', () => {
  it('exits 1 after rolling back a stalled rollout, and 0 for a good one (fake Docker API, fake Kubernetes API)', async () => {
    const kubeconfig = path.join(context, 'kubeconfig');
    writeFileSync(kubeconfig, fakeKubeConfigYaml(kubernetes.url));
    const env = { DOCKER_HOST: `tcp://127.0.0.1:${docker.port}`, KUBECONFIG: kubeconfig };
    const args = (commit: string): string[] => [
      '--repository',
      REPOSITORY,
      '--commit',
      commit,
      '--namespace',
      NAMESPACE,
      '--context',
      context,
      '--dockerfile',
      'Dockerfile',
      '--poll-interval-ms',
      '1',
    ];
    const lines: string[] = [];

    const good = await runDeployCli(args(COMMIT_A), env, (line) => lines.push(line));
    kubernetes.controller = stallingController((image) => image.endsWith(docker.digestFor(REPOSITORY, COMMIT_B)));
    const bad = await runDeployCli(args(COMMIT_B), env, (line) => lines.push(line));

    expect([good, bad]).toEqual([0, 1]);
    expect(lines.at(-1)).toMatch(
      /^deploy failed \[ROLLOUT_FAILED\]: .*rolled back to registry\.example\.com\/shop\/orders@sha256:/,
    );
  });

  it('refuses to run without a commit, instead of tagging undefined', async () => {
    const lines: string[] = [];

    const code = await runDeployCli(['--repository', REPOSITORY], {}, (line) => lines.push(line));

    expect(code).toBe(2);
    expect(lines.join('\n')).toContain('--repository and --commit are required');
  });
});
