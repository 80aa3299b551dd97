/** The deploy/ files, parsed, and what the app itself says about its routes and configuration. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../../../../../capstone/api/openapi.js';
import { parseCliOptions } from '../../../../../capstone/cli-options.js';
import { loadConfig, type CapstoneConfig } from '../../../../../capstone/config.js';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
export const DEPLOY = path.join(ROOT, 'deploy');

export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };
export type Json = { [key: string]: YamlValue };

/**
 * Every document of a YAML file, read with the `yaml` package. A value that YAML 1.1 (what Kubernetes' go-yaml and
 * Compose's parser read) and YAML 1.2 read differently, such as `on`, `yes` or `0777`, is refused: quote it.
 */
export function parseYaml(text: string, source: string): YamlValue[] {
  const read = (version: '1.1' | '1.2'): YamlValue[] =>
    parseAllDocuments(text, { version, uniqueKeys: true, prettyErrors: true }).map((document) => {
      const [error] = document.errors;
      if (error) throw new Error(`${source}: ${error.message}`);
      return document.toJS() as YamlValue;
    });
  const asKubernetesReadsIt = read('1.1');
  if (!isDeepStrictEqual(asKubernetesReadsIt, read('1.2'))) {
    throw new Error(
      `${source}: a value reads differently in YAML 1.1 (as Kubernetes reads it) and YAML 1.2; quote it (on, yes, off, no, octal numbers)`,
    );
  }
  return asKubernetesReadsIt;
}

export function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export function readYaml(file: string): YamlValue[] {
  return parseYaml(readFileSync(file, 'utf8'), path.relative(ROOT, file));
}

/** Every Kubernetes object in deploy/k8s except the kustomization. */
export function k8sObjects(): Json[] {
  return yamlFilesUnder(path.join(DEPLOY, 'k8s'))
    .flatMap((file) => readYaml(file))
    .filter((document): document is Json => isObject(document) && document.kind !== 'Kustomization');
}

export function isObject(value: YamlValue | undefined): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Walks a path of keys and indexes, failing the test with the path when something is missing. */
export function at(value: YamlValue | undefined, ...keys: (string | number)[]): YamlValue {
  let current = value;
  for (const key of keys) {
    if (typeof key === 'number' ? !Array.isArray(current) : !isObject(current))
      throw new Error(`no ${keys.join('.')} (stopped at ${String(key)})`);
    current = typeof key === 'number' ? (current as YamlValue[])[key] : (current as Json)[key];
    if (current === undefined) throw new Error(`no ${keys.join('.')} (missing ${String(key)})`);
  }
  return current as YamlValue;
}

export function objects(value: YamlValue): Json[] {
  if (!Array.isArray(value) || !value.every(isObject))
    throw new Error(`expected a list of mappings, got ${JSON.stringify(value)}`);
  return value as Json[];
}

/** Paths the capstone documents and serves (its OpenAPI document is built from the same routes). */
export function servedPaths(): Set<string> {
  const paths = buildOpenApiDocument().paths;
  return new Set(Object.keys(isObject(paths as YamlValue) ? (paths as Json) : {}));
}

/** Example values for Secret keys: what an operator would put in the Secret. */
export const EXAMPLE_SECRETS: Readonly<Record<string, string>> = {
  AUTH_JWT_SECRET: 'x'.repeat(64),
  // A single host: capstone/config.ts's URL check refuses multi-host seed lists today (reported to the lead).
  MONGODB_URI: 'mongodb://mongo.data.svc:27017/?replicaSet=rs0',
  REDIS_URL: 'redis://redis:6379',
  AMQP_URL: 'amqp://orders:secret@rabbitmq:5672',
  ETCD_URL: 'http://etcd:2379',
};

/** Variables a production replica must get: without them it would run on private in-process stand-ins. */
export const SHARED_SERVICE_VARIABLES = ['MONGODB_URI', 'REDIS_URL', 'AMQP_URL'] as const;

/** The app's own parsing of a container's environment and arguments. */
export function appView(
  env: Record<string, string>,
  args: readonly string[],
): { config: CapstoneConfig; listenPort: number; role: string } {
  const config = loadConfig(env);
  const cli = parseCliOptions(args);
  return { config, listenPort: cli.port ?? config.PORT, role: cli.role };
}

/**
 * The longest a clean stop of this process can take, in seconds: the readiness delay (a process that serves the api
 * keeps accepting that long after the signal), the drain deadline, and 5 s for closing resources (ServiceLifecycle's
 * per-resource deadline in capstone/runtime/service-lifecycle.ts).
 */
export function longestCleanStopSeconds(view: { config: CapstoneConfig; role: string }): number {
  const readinessDelayMs = view.role === 'worker' ? 0 : view.config.SHUTDOWN_READINESS_DELAY_MS;
  return (readinessDelayMs + view.config.SHUTDOWN_DRAIN_MS) / 1000 + 5;
}
