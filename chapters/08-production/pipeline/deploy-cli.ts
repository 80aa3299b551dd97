/**
 * The pipeline as a command, composing the real adapters (Docker from DOCKER_HOST, Kubernetes from KUBECONFIG):
 *
 *   npx tsx chapters/08-production/pipeline/deploy-cli.ts --repository registry.example.com/orders \
 *     --commit "$(git rev-parse HEAD)" --namespace orders
 *
 * Exit code 0: rolled out. 1: the pipeline failed (the message names the step; a failed rollout was rolled back).
 * 2: usage error. This is a teaching tool: in a team, CI builds and pushes, and a deploy tool applies (see the page).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { runDeployPipeline, type PipelineEvent } from './deploy-pipeline.js';
import { asDeploymentManifest, type DeploymentManifest } from './deployment-object.js';
import { DockerodeImageAdapter, type RegistryAuth } from './dockerode-image.adapter.js';
import { KubernetesDeploymentAdapter } from './kubernetes-deployment.adapter.js';
import { PipelineError } from './pipeline-errors.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export const DEPLOY_USAGE = `Usage: deploy-cli --repository <registry/name> --commit <git sha> [options]

  --namespace <ns>        Kubernetes namespace (default: default)
  --manifest <file>       Deployment manifest (default: deploy/k8s/deployment.yaml)
  --container <name>      container whose image is replaced (default: the manifest's first container)
  --dockerfile <path>     Dockerfile inside the context (default: deploy/Dockerfile)
  --context <dir>         build context (default: the repository root)
  --deadline <seconds>    how long the rollout may take before it is rolled back (default: 600)
  --field-manager <name>  server-side apply field manager (default: orders-deploy-pipeline)
  --force-conflicts       take over fields another manager owns

Environment: DOCKER_HOST (else the local socket), KUBECONFIG (else ~/.kube/config), REGISTRY_USERNAME and
REGISTRY_PASSWORD for the push.`;

/** Reads a Deployment manifest as Kubernetes does: YAML 1.1, where a plain `on` or `yes` is a boolean. */
export function loadDeploymentManifest(file: string): DeploymentManifest {
  return asDeploymentManifest(parse(readFileSync(file, 'utf8'), { version: '1.1', uniqueKeys: true }), file);
}

function describe(event: PipelineEvent): string {
  switch (event.step) {
    case 'build':
      return `build   ${event.tag}`;
    case 'built':
      return `built   ${event.imageId}`;
    case 'pushed':
      return `pushed  ${event.digest}`;
    case 'apply':
      return `apply   ${event.image} (was ${event.previousImage ?? 'not deployed'})`;
    case 'rollout':
      return `rollout ${event.state}: ${event.reason}`;
    case 'rollback':
      return `rollback to ${event.image}: ${event.reason}`;
  }
}

/** Runs the command; returns the exit code instead of exiting, so tests can call it. */
export async function runDeployCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = console.log,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        repository: { type: 'string' },
        commit: { type: 'string' },
        namespace: { type: 'string', default: 'default' },
        manifest: { type: 'string', default: path.join(ROOT, 'deploy/k8s/deployment.yaml') },
        container: { type: 'string' },
        dockerfile: { type: 'string', default: 'deploy/Dockerfile' },
        context: { type: 'string', default: ROOT },
        deadline: { type: 'string', default: '600' },
        'field-manager': { type: 'string', default: 'orders-deploy-pipeline' },
        'force-conflicts': { type: 'boolean', default: false },
        'poll-interval-ms': { type: 'string', default: '2000' },
      },
    }));
    if (!values.repository || !values.commit) throw new TypeError('--repository and --commit are required');
    if (!/^\d+$/.test(values.deadline) || !/^\d+$/.test(values['poll-interval-ms']))
      throw new TypeError('--deadline and --poll-interval-ms take whole numbers');
  } catch (error) {
    out(`${error instanceof Error ? error.message : String(error)}\n\n${DEPLOY_USAGE}`);
    return 2;
  }
  try {
    const manifest = loadDeploymentManifest(values.manifest);
    const containers = manifest.spec.template as { spec: { containers: { name: string }[] } };
    const containerName = values.container ?? containers.spec.containers[0]?.name ?? '';
    const auth: RegistryAuth | undefined =
      env.REGISTRY_USERNAME && env.REGISTRY_PASSWORD
        ? {
            username: env.REGISTRY_USERNAME,
            password: env.REGISTRY_PASSWORD,
            serveraddress: values.repository.split('/')[0] ?? '',
          }
        : undefined;
    // dockerode reads DOCKER_HOST from process.env; honour the env we were given.
    const docker = env.DOCKER_HOST ? new Docker(dockerHostOptions(env.DOCKER_HOST)) : new Docker();
    const images = new DockerodeImageAdapter(docker, {
      context: values.context,
      ...(auth ? { auth } : {}),
      onLine: (line) => out(`        ${line}`),
    });
    const kubeConfig = new KubeConfig();
    if (env.KUBECONFIG) kubeConfig.loadFromFile(env.KUBECONFIG);
    else kubeConfig.loadFromDefault();
    const target = new KubernetesDeploymentAdapter(kubeConfig, {
      namespace: values.namespace,
      fieldManager: values['field-manager'],
      forceConflicts: values['force-conflicts'],
    });
    const result = await runDeployPipeline({
      commit: values.commit,
      repository: values.repository,
      manifest,
      containerName,
      dockerfile: values.dockerfile,
      builder: images,
      pusher: images,
      target,
      rollout: { deadlineMs: Number(values.deadline) * 1000, pollIntervalMs: Number(values['poll-interval-ms']) },
      onEvent: (event) => out(describe(event)),
    });
    out(`deployed ${result.image}`);
    return 0;
  } catch (error) {
    const code = error instanceof PipelineError ? error.code : 'UNEXPECTED';
    out(`deploy failed [${code}]: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** `tcp://host:port` or `unix:///path` as dockerode options. */
export function dockerHostOptions(dockerHost: string): Docker.DockerOptions {
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  if (url.protocol === 'tcp:' || url.protocol === 'http:')
    return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
  if (url.protocol === 'https:') return { host: url.hostname, port: Number(url.port || 2376), protocol: 'https' };
  throw new TypeError(`DOCKER_HOST ${dockerHost} is not tcp://, http://, https:// or unix://`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = await runDeployCli(process.argv.slice(2));
}
