import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../../capstone/config.js';
import {
  appView,
  at,
  DEPLOY,
  type YamlValue,
  EXAMPLE_SECRETS,
  isObject,
  type Json,
  k8sObjects,
  longestCleanStopSeconds,
  objects,
  parseYaml,
  readYaml,
  SHARED_SERVICE_VARIABLES,
  servedPaths,
  yamlFilesUnder,
} from './support/deploy-files.js';

const all = k8sObjects();
const ofKind = (kind: string): Json[] => all.filter((object) => object.kind === kind);
const deployments = ofKind('Deployment');
const configMaps = ofKind('ConfigMap');
const name = (object: Json): string => String(at(object, 'metadata', 'name'));
const containerOf = (deployment: Json): Json =>
  objects(at(deployment, 'spec', 'template', 'spec', 'containers'))[0] ?? {};

/** The environment a container gets: its ConfigMap's data, then its own env entries (secret refs get example values). */
function containerEnvironment(container: Json): { env: Record<string, string>; secretKeys: string[] } {
  const env: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const source of objects(container.envFrom ?? [])) {
    const mapName = String(at(source, 'configMapRef', 'name'));
    const configMap = configMaps.find((candidate) => name(candidate) === mapName);
    if (!configMap) throw new Error(`envFrom names ConfigMap ${mapName}, which deploy/k8s does not define`);
    for (const [key, value] of Object.entries(at(configMap, 'data') as Json)) env[key] = String(value);
  }
  for (const entry of objects(container.env ?? [])) {
    const variable = String(at(entry, 'name'));
    if (entry.value !== undefined) env[variable] = String(entry.value);
    else {
      const key = String(at(entry, 'valueFrom', 'secretKeyRef', 'key'));
      const example = EXAMPLE_SECRETS[key];
      if (example === undefined) throw new Error(`secret key ${key} has no example value in the test`);
      env[variable] = example;
      secretKeys.push(variable);
    }
  }
  return { env, secretKeys };
}

function args(container: Json): string[] {
  return Array.isArray(container.args) ? container.args.map(String) : [];
}

const probes = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;

describe('deploy/ YAML files', () => {
  it.each(yamlFilesUnder(DEPLOY).map((file) => [path.relative(DEPLOY, file)]))(
    '%s parses, and reads the same in YAML 1.1 and 1.2',
    (file) => {
      expect(readYaml(path.join(DEPLOY, file)).length).toBeGreaterThan(0);
    },
  );

  it('refuses a value Kubernetes would read as another type (YAML 1.1 `on`), and a duplicate key', () => {
    expect(() => parseYaml('env:\n  - name: DEBUG\n    value: on\n', 'x.yaml')).toThrow(
      /^x\.yaml: a value reads differently in YAML 1\.1/,
    );
    expect(parseYaml('value: "on"\n', 'x.yaml')).toEqual([{ value: 'on' }]);
    expect(() => parseYaml('a: 1\na: 2\n', 'x.yaml')).toThrow(/^x\.yaml: .*unique/i);
  });

  it('the kustomization lists every manifest in deploy/k8s, and only files that exist', () => {
    const [kustomization] = readYaml(path.join(DEPLOY, 'k8s/kustomization.yaml'));
    const listed = (at(kustomization, 'resources') as YamlValue[]).map(String).sort();
    const present = yamlFilesUnder(path.join(DEPLOY, 'k8s'))
      .map((file) => path.basename(file))
      .filter((file) => file !== 'kustomization.yaml')
      .sort();
    expect(listed).toEqual(present);
    for (const file of listed) expect(existsSync(path.join(DEPLOY, 'k8s', file))).toBe(true);
  });

  it('ConfigMap values are all strings (the API rejects numbers and booleans in data)', () => {
    for (const configMap of configMaps) {
      for (const [key, value] of Object.entries(at(configMap, 'data') as Json))
        expect(typeof value, key).toBe('string');
    }
  });
});

describe.each(deployments.map((deployment) => [name(deployment), deployment] as const))(
  'Deployment %s',
  (_name, deployment) => {
    const podSpec = at(deployment, 'spec', 'template', 'spec') as Json;
    const container = containerOf(deployment);
    const { env, secretKeys } = containerEnvironment(container);
    const view = appView(env, args(container));

    it('rolls out without ever having fewer ready pods than wanted (maxUnavailable: 0, maxSurge > 0)', () => {
      expect(at(deployment, 'spec', 'strategy', 'type')).toBe('RollingUpdate');
      expect(at(deployment, 'spec', 'strategy', 'rollingUpdate', 'maxUnavailable')).toBe(0);
      expect(at(deployment, 'spec', 'strategy', 'rollingUpdate', 'maxSurge')).not.toBe(0);
      expect(at(deployment, 'spec', 'progressDeadlineSeconds')).toEqual(expect.any(Number));
    });

    it('selects its own pods: matchLabels are a subset of the template labels', () => {
      const labels = at(deployment, 'spec', 'template', 'metadata', 'labels') as Json;
      expect(labels).toMatchObject(at(deployment, 'spec', 'selector', 'matchLabels') as Json);
    });

    // #region probes-test
    it('probes paths the app serves, on the port the app listens on', () => {
      const served = servedPaths();
      const ports = objects(at(container, 'ports'));
      for (const probe of probes) {
        const httpGet = at(container, probe, 'httpGet');
        expect(served, `${probe} path`).toContain(at(httpGet, 'path'));
        const port = at(httpGet, 'port');
        const containerPort =
          typeof port === 'number'
            ? port
            : at(
                ports.find((candidate) => candidate.name === port),
                'containerPort',
              );
        // The app's own config and CLI parsing decide where it listens: PORT, or --port for a worker.
        expect(containerPort, `${probe} port`).toBe(view.listenPort);
      }
      expect(at(container, 'livenessProbe', 'httpGet', 'path')).toBe('/health/live');
      expect(at(container, 'readinessProbe', 'httpGet', 'path')).toBe('/health/ready');
    });
    // #endregion probes-test

    it('runs as a non-root numeric user, without privilege escalation', () => {
      expect(at(podSpec, 'securityContext', 'runAsNonRoot')).toBe(true);
      expect(at(podSpec, 'securityContext', 'runAsUser')).toBeGreaterThan(0);
      expect(at(container, 'securityContext', 'allowPrivilegeEscalation')).toBe(false);
    });

    // #region env-test
    it('provides every variable the app needs in production, and only variables the app reads', () => {
      expect(view.config.NODE_ENV).toBe('production'); // loadConfig threw if AUTH_JWT_SECRET or any value were bad
      for (const variable of SHARED_SERVICE_VARIABLES) expect(Object.keys(env), variable).toContain(variable);
      const known = Object.keys(configSchema.shape);
      expect(Object.keys(env).filter((variable) => !known.includes(variable))).toEqual([]);
      // Credentials come from a Secret, never from the ConfigMap.
      expect(secretKeys).toEqual(expect.arrayContaining(['AUTH_JWT_SECRET', ...SHARED_SERVICE_VARIABLES]));
    });
    // #endregion env-test

    // #region grace-test
    it('gives the pod longer to stop than the readiness delay, the drain deadline and closing resources together', () => {
      expect(at(podSpec, 'terminationGracePeriodSeconds')).toBeGreaterThan(longestCleanStopSeconds(view));
    });

    it('delays the stop in one place only: the app keeps accepting after SIGTERM, so no preStop sleep', () => {
      expect(container.lifecycle).toBeUndefined();
    });
    // #endregion grace-test

    it('requests and limits CPU and memory', () => {
      for (const kind of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory'])
          expect(typeof at(container, 'resources', kind, resource), `${kind}.${resource}`).toBe('string');
      }
    });

    it('leaves the replica count to the HorizontalPodAutoscaler when one targets it', () => {
      const scaled = ofKind('HorizontalPodAutoscaler').some(
        (hpa) => at(hpa, 'spec', 'scaleTargetRef', 'name') === name(deployment),
      );
      expect(Object.hasOwn(at(deployment, 'spec') as Json, 'replicas')).toBe(!scaled);
    });

    it('is covered by a PodDisruptionBudget', () => {
      const labels = at(deployment, 'spec', 'template', 'metadata', 'labels') as Json;
      const budgets = ofKind('PodDisruptionBudget').filter((pdb) =>
        Object.entries(at(pdb, 'spec', 'selector', 'matchLabels') as Json).every(
          ([key, value]) => labels[key] === value,
        ),
      );
      expect(budgets).toHaveLength(1);
    });
  },
);

describe('Service, autoscaler', () => {
  it('the Service selects the api pods and targets a named container port', () => {
    for (const service of ofKind('Service')) {
      const selector = at(service, 'spec', 'selector') as Json;
      const target = deployments.find(
        (deployment) =>
          isObject(at(deployment, 'spec', 'template', 'metadata', 'labels')) &&
          Object.entries(selector).every(
            ([key, value]) => (at(deployment, 'spec', 'template', 'metadata', 'labels') as Json)[key] === value,
          ),
      );
      expect(target, name(service)).toBeDefined();
      const portNames = objects(at(containerOf(target ?? {}), 'ports')).map((port) => port.name);
      for (const port of objects(at(service, 'spec', 'ports'))) expect(portNames).toContain(port.targetPort);
    }
  });

  it('the HorizontalPodAutoscaler targets a Deployment whose container requests CPU, with at least 2 replicas', () => {
    for (const hpa of ofKind('HorizontalPodAutoscaler')) {
      const target = deployments.find((deployment) => name(deployment) === at(hpa, 'spec', 'scaleTargetRef', 'name'));
      expect(target).toBeDefined();
      expect(at(containerOf(target ?? {}), 'resources', 'requests', 'cpu')).toBeDefined();
      expect(at(hpa, 'spec', 'minReplicas')).toBeGreaterThanOrEqual(2);
    }
  });
});
