/**
 * A fake Kubernetes API server on loopback for apps/v1 Deployments: GET, POST (409 AlreadyExists when it exists)
 * and PATCH with server-side apply only (`application/apply-patch+yaml`, `fieldManager` required, 409 Conflict when
 * another manager owns the image and `force` is not set). `metadata.generation` increases when the spec changes.
 * A controller function, set by the test, writes `status` as the rollout would progress.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

type Json = Record<string, unknown>;

export interface StoredDeployment {
  metadata: {
    name: string;
    namespace: string;
    generation: number;
    uid: string;
    managedFields: { manager: string; operation: string }[];
  } & Json;
  spec: Json & { replicas?: number; template?: { spec?: { containers?: { name: string; image?: string }[] } } };
  status: Json;
}

/** Writes the status a controller would have written after `reads` GETs of this generation. */
export type Controller = (deployment: StoredDeployment, readsOfThisGeneration: number) => Json;

export interface KubernetesCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly status: number;
}

export interface FakeKubernetesApi {
  readonly url: string;
  readonly calls: KubernetesCall[];
  controller: Controller;
  readonly deployments: Map<string, StoredDeployment>;
  /** Simulates `kubectl set image` by another field manager. */
  setImageAs(manager: string, namespace: string, name: string, container: string, image: string): void;
  close(): Promise<void>;
}

/** Every update becomes available at once. */
export const healthyController: Controller = (deployment) => {
  const replicas = deployment.spec.replicas ?? 1;
  return {
    observedGeneration: deployment.metadata.generation,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  };
};

/**
 * Images matching `isBad` never become ready (a crash loop, a failing readiness probe): one surge pod is updated
 * but unavailable, old pods keep serving, and after `readsBeforeDeadline` reads the controller reports
 * ProgressDeadlineExceeded. Other images roll out healthily.
 */
export function stallingController(isBad: (image: string) => boolean, readsBeforeDeadline = 3): Controller {
  return (deployment, reads) => {
    const image = deployment.spec.template?.spec?.containers?.[0]?.image ?? '';
    if (!isBad(image)) return healthyController(deployment, reads);
    const replicas = deployment.spec.replicas ?? 1;
    const progressing =
      reads >= readsBeforeDeadline
        ? {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: `ReplicaSet "${deployment.metadata.name}-7d9f" has timed out progressing.`,
          }
        : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' };
    return {
      observedGeneration: deployment.metadata.generation,
      replicas: replicas + 1,
      updatedReplicas: 1,
      readyReplicas: replicas,
      availableReplicas: replicas,
      unavailableReplicas: 1,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, progressing],
    };
  };
}

function status(response: ServerResponse, code: number, reason: string, message: string): void {
  response
    .writeHead(code, { 'content-type': 'application/json' })
    .end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}

function imageOf(spec: StoredDeployment['spec'], container: string): string | undefined {
  return spec.template?.spec?.containers?.find((candidate) => candidate.name === container)?.image;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeKubernetesApi(): Promise<FakeKubernetesApi> {
  const calls: KubernetesCall[] = [];
  const deployments = new Map<string, StoredDeployment>();
  const reads = new Map<string, number>();
  /** Who last set each container's image: server-side apply's field ownership, reduced to the field that matters here. */
  const imageOwners = new Map<string, string>();
  let controller: Controller = healthyController;
  let uid = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    const url = new URL(request.url ?? '/', 'http://kubernetes');
    const record = (code: number): void =>
      void calls.push({
        method: request.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        contentType: request.headers['content-type'],
        status: code,
      });
    const one = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)$/.exec(url.pathname);
    const collection = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments$/.exec(url.pathname);
    if (request.headers.authorization !== 'Bearer fake-token') {
      record(401);
      return status(response, 401, 'Unauthorized', 'Unauthorized');
    }
    if (one?.[1] && one[2] && request.method === 'GET') {
      const key = `${one[1]}/${one[2]}`;
      const stored = deployments.get(key);
      if (!stored) {
        record(404);
        return status(response, 404, 'NotFound', `deployments.apps "${one[2]}" not found`);
      }
      const count = (reads.get(key) ?? 0) + 1;
      reads.set(key, count);
      stored.status = controller(stored, count);
      record(200);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', ...stored }));
      return;
    }
    if (collection?.[1] && request.method === 'POST') {
      const manifest = JSON.parse(body) as { metadata: { name: string } };
      if (deployments.has(`${collection[1]}/${manifest.metadata.name}`)) {
        record(409);
        return status(response, 409, 'AlreadyExists', `deployments.apps "${manifest.metadata.name}" already exists`);
      }
      record(501);
      return status(response, 501, 'NotImplemented', 'the fake creates Deployments through server-side apply only');
    }
    if (one?.[1] && one[2] && request.method === 'PATCH') {
      if (request.headers['content-type'] !== 'application/apply-patch+yaml') {
        record(415);
        return status(
          response,
          415,
          'UnsupportedMediaType',
          `the fake supports server-side apply only, not ${request.headers['content-type']}`,
        );
      }
      const manager = url.searchParams.get('fieldManager');
      if (!manager) {
        record(422);
        return status(
          response,
          422,
          'Invalid',
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        );
      }
      // JSON is YAML; this fake reads only the JSON form, which is what the client sends.
      const manifest = JSON.parse(body) as {
        metadata: { name: string; namespace?: string };
        spec: StoredDeployment['spec'];
      };
      if (manifest.metadata.name !== one[2]) {
        record(400);
        return status(response, 400, 'BadRequest', 'the name of the object does not match the name on the URL');
      }
      const key = `${one[1]}/${one[2]}`;
      const existing = deployments.get(key);
      const force = url.searchParams.get('force') === 'true';
      for (const container of manifest.spec.template?.spec?.containers ?? []) {
        const owner = imageOwners.get(`${key}/${container.name}`);
        const live = existing ? imageOf(existing.spec, container.name) : undefined;
        if (owner && owner !== manager && !force && live !== container.image) {
          record(409);
          return status(
            response,
            409,
            'Conflict',
            `Apply failed with 1 conflict: conflict with "${owner}": .spec.template.spec.containers[name="${container.name}"].image`,
          );
        }
      }
      for (const container of manifest.spec.template?.spec?.containers ?? [])
        imageOwners.set(`${key}/${container.name}`, manager);
      // A field the manifest leaves out (replicas, when an HPA owns it) keeps its live value.
      const spec: StoredDeployment['spec'] = { ...manifest.spec };
      spec.replicas ??= existing?.spec.replicas ?? 1;
      const changed = !existing || !isDeepStrictEqual(existing.spec, spec);
      const generation = (existing?.metadata.generation ?? 0) + (changed ? 1 : 0);
      const stored: StoredDeployment = {
        metadata: {
          ...manifest.metadata,
          namespace: one[1],
          generation,
          uid: existing?.metadata.uid ?? `uid-${++uid}`,
          managedFields: [{ manager, operation: 'Apply' }],
        },
        spec,
        status: existing?.status ?? {},
      };
      deployments.set(key, stored);
      if (changed) reads.set(key, 0);
      record(existing ? 200 : 201);
      response
        .writeHead(existing ? 200 : 201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', ...stored }));
      return;
    }
    record(404);
    status(response, 404, 'NotFound', `the fake does not serve ${request.method} ${url.pathname}`);
  };

  const server: Server = createServer((request, response) => void handle(request, response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    deployments,
    get controller() {
      return controller;
    },
    set controller(value: Controller) {
      controller = value;
    },
    setImageAs(manager, namespace, name, container, image) {
      const stored = deployments.get(`${namespace}/${name}`);
      const target = stored?.spec.template?.spec?.containers?.find((candidate) => candidate.name === container);
      if (!stored || !target) throw new Error(`no container ${container} in ${namespace}/${name}`);
      target.image = image;
      stored.metadata.generation += 1;
      imageOwners.set(`${namespace}/${name}/${container}`, manager);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A kubeconfig for client-node that points at the fake (plain HTTP on loopback, a bearer token). */
export function fakeKubeConfigYaml(url: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${url}`,
    // client-node 1.x refuses plain http unless told to skip TLS checks; a real cluster is https with its CA.
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: pipeline',
    '  user:',
    '    token: fake-token',
    'contexts:',
    '- name: fake',
    '  context:',
    '    cluster: fake',
    '    user: pipeline',
    'current-context: fake',
    '',
  ].join('\n');
}
