import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appView,
  at,
  DEPLOY,
  type YamlValue,
  isObject,
  type Json,
  longestCleanStopSeconds,
  readYaml,
  servedPaths,
  SHARED_SERVICE_VARIABLES,
} from './support/deploy-files.js';

const [compose] = readYaml(path.join(DEPLOY, 'compose.yaml'));
const services = at(compose, 'services') as Json;
const [prometheus] = readYaml(path.join(DEPLOY, 'prometheus/prometheus.yml'));

function environment(service: string): Record<string, string> {
  const env = at(services, service, 'environment') as Json;
  // Compose fills ${AUTH_JWT_SECRET:?...} from the shell; stand in a valid value.
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, String(value).startsWith('${') ? 'y'.repeat(64) : String(value)]),
  );
}

function command(service: string): string[] {
  const value = at(services, service, 'command');
  return Array.isArray(value) ? value.map(String) : [];
}

describe('deploy/compose.yaml', () => {
  it('runs the api, the worker, MongoDB, Redis, RabbitMQ, etcd and Prometheus', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'etcd', 'mongo', 'prometheus', 'rabbitmq', 'redis', 'worker']);
  });

  it('builds the api from deploy/Dockerfile with the repository as context', () => {
    expect(at(services, 'api', 'build')).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
  });

  it.each(['api', 'worker'])(
    'gives the %s a production configuration the app accepts, pointing at services compose runs',
    (service) => {
      const env = environment(service);
      expect(appView(env, command(service)).config.NODE_ENV).toBe('production');
      for (const variable of [...SHARED_SERVICE_VARIABLES, 'ETCD_URL']) {
        const host = new URL(env[variable] ?? 'missing://').hostname;
        expect(Object.keys(services), variable).toContain(host);
      }
      const grace = String(at(services, service, 'stop_grace_period'));
      expect(Number.parseInt(grace, 10)).toBeGreaterThan(longestCleanStopSeconds(appView(env, command(service))));
    },
  );

  it('waits for MongoDB, Redis and RabbitMQ to be healthy before starting the api', () => {
    const dependsOn = at(services, 'api', 'depends_on') as Json;
    for (const dependency of ['mongo', 'redis', 'rabbitmq']) {
      expect(at(dependsOn, dependency, 'condition')).toBe('service_healthy');
      expect(at(services, dependency, 'healthcheck', 'test')).toEqual(expect.any(Array));
    }
  });

  // #region prometheus-test
  it('Prometheus scrapes /metrics where the api and worker listen, and loads the alert rules it mounts', () => {
    const job = (at(prometheus, 'scrape_configs') as Json[])[0] as Json;
    expect(servedPaths()).toContain(at(job, 'metrics_path'));
    const targets = (at(job, 'static_configs', 0, 'targets') as YamlValue[]).map(String);
    expect(targets).toEqual([
      `api:${appView(environment('api'), command('api')).listenPort}`,
      `worker:${appView(environment('worker'), command('worker')).listenPort}`,
    ]);
    const mounts = (at(services, 'prometheus', 'volumes') as YamlValue[]).map((volume) => String(volume).split(':'));
    for (const ruleFile of (at(prometheus, 'rule_files') as YamlValue[]).map(String)) {
      const mount = mounts.find(([, target]) => target === ruleFile);
      expect(mount?.[0], ruleFile).toBe('./prometheus/alerts.yml');
    }
    // The alert rules' job label is the scrape job's name.
    expect(at(job, 'job_name')).toBe('node-service');
  });
  // #endregion prometheus-test

  it('keeps MongoDB data in a named volume', () => {
    expect(isObject(at(compose, 'volumes', 'mongo-data'))).toBe(true);
  });
});
