import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../../../workbook/build.js';
import { createPrivateVhost, rabbitmqctlMissing, type PrivateVhost } from '../../06-microservices/rabbitmq-admin.js';
import { slowDeadline, slowTimeout } from '../../../support/slow-tests.js';
import { at, DEPLOY, type Json, k8sObjects, objects, ROOT } from './support/deploy-files.js';
import { readDockerfile } from './support/dockerfile-reader.js';

const run = promisify(execFile);
const app = mkdtempSync(path.join(tmpdir(), 'production-build-'));
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const servicesMissing = !process.env.REDIS_URL || !process.env.AMQP_URL ? 'REDIS_URL and AMQP_URL are unset' : false;
let install: Promise<unknown> | undefined;
let engine: ChildProcess | undefined;

afterAll(async () => {
  await install?.catch(() => undefined); // npm is still writing if a hook gave up: let it end (or time out) first
  if (engine && engine.exitCode === null && engine.signalCode === null) {
    engine.kill('SIGTERM');
    await once(engine, 'exit');
  }
  // tsc may still be writing if the build hook gave up: retry until it has let go.
  rmSync(app, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
}, slowTimeout(30_000));

/** Every path a probe in deploy/k8s asks for. */
function probePaths(): string[] {
  const paths = k8sObjects()
    .filter((object) => object.kind === 'Deployment')
    .flatMap((deployment) => objects(at(deployment, 'spec', 'template', 'spec', 'containers')))
    .flatMap((container: Json) =>
      ['startupProbe', 'readinessProbe', 'livenessProbe'].map((probe) =>
        String(at(container, probe, 'httpGet', 'path')),
      ),
    );
  return [...new Set(paths)];
}

function jsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.split(path.sep).join('/'));
}

/** The specifiers a compiled module imports: `from '...'`, `import '...'` and `import('...')`, each marked static or not. */
function importsOf(source: string): { specifier: string; dynamic: boolean }[] {
  const found: { specifier: string; dynamic: boolean }[] = [];
  for (const match of source.matchAll(
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]/gm,
  )) {
    found.push({ specifier: (match[1] ?? match[2]) as string, dynamic: false });
  }
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ specifier: match[1] as string, dynamic: true });
  return found;
}

const packageOf = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);

/** Files that are stand-ins for a real service: the workbook's `npm start` brings them, production never does. */
const STAND_IN_FILES =
  /^platform\/mongo\/(engine\/|provider\.js)|in-memory-event-bus\.js$|in-memory-registry\.js$|event-bus-provider\.js$|registry-provider\.js$/;

/**
 * The one dynamic import of a dev dependency in dist/: the platform's Redis provider loads ioredis-mock only when
 * it is given no URL, which the production entry never does (it refuses to start without REDIS_URL). The test
 * below runs without ioredis-mock installed.
 */
const STAND_IN_ONLY_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  'platform/redis/redis-provider.js': ['ioredis-mock'],
};

describe('production build', () => {
  // #region build-test
  let built: BuildResult;
  let mongoUri: string;
  // Slow steps that do not depend on each other run at once, each with a deadline of its own: the install and the
  // MongoDB engine start first and run on while tsc compiles; the second hook waits for them.
  beforeAll(async () => {
    copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
    copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(app, 'package-lock.json'));
    // No --ignore-scripts: production dependencies have no install script to skip.
    install = run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: app,
      timeout: 2 * slowDeadline(25_000),
    });
    install.catch(() => undefined); // awaited in the next hook; a failure while tsc runs is not unhandled
    // Emit only: verify's typecheck checks the same files, and checking them again here doubles the slowest step.
    built = await build({ outDir: path.join(app, 'dist'), log: () => undefined, typecheck: false });
  }, slowTimeout(30_000));
  beforeAll(async () => {
    await install;
    // The workbook's embedded engine in a process of its own (`npm run mongo`), reached only through MONGODB_URI.
    engine = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'platform/mongo/cli.ts'), '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for await (const line of createInterface({ input: engine.stdout as NodeJS.ReadableStream })) {
      const uri = /listening at (mongodb:\/\/\S+)/.exec(line)?.[1];
      if (uri) {
        mongoUri = uri;
        break;
      }
    }
    expect(mongoUri).toBeDefined();
  }, slowTimeout(30_000));

  it('holds no exercise, solution, workbook or stand-in file, and imports only production dependencies', () => {
    const files = jsFilesUnder(built.outDir);
    expect(files).toContain('capstone/main.js');
    expect(files.filter((file) => /^(exercises|solutions|workbook)\//.test(file) || STAND_IN_FILES.test(file))).toEqual(
      [],
    );
    const allowed = new Set([
      ...Object.keys(packageJson.dependencies),
      ...builtinModules,
      ...builtinModules.map((name) => `node:${name}`),
    ]);
    const outside: string[] = [];
    for (const file of files) {
      for (const { specifier, dynamic } of importsOf(readFileSync(path.join(built.outDir, file), 'utf8'))) {
        if (specifier.startsWith('.')) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
          if (!files.includes(target)) outside.push(`${file} -> ${specifier} (not in dist)`);
          continue;
        }
        const name = packageOf(specifier);
        if (allowed.has(name) || allowed.has(specifier)) continue;
        if (dynamic && STAND_IN_ONLY_IMPORTS[file]?.includes(name)) continue;
        outside.push(`${file} -> ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
    // And `dependencies` lists nothing production does not import (each one is imported somewhere in dist/).
    const imported = new Set(
      files.flatMap((file) =>
        importsOf(readFileSync(path.join(built.outDir, file), 'utf8')).map(({ specifier }) => packageOf(specifier)),
      ),
    );
    expect(Object.keys(packageJson.dependencies).filter((name) => !imported.has(name))).toEqual([]);

    // Everything compiled comes from a directory the Dockerfile's build stage copies.
    const copied = readDockerfile(readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8'))
      .stages.flatMap((stage) => stage.instructions)
      .filter((instruction) => instruction.keyword === 'COPY' && !instruction.args.startsWith('--from='))
      .flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1));
    for (const dir of readdirSync(built.outDir)) expect(copied).toContain(dir);
  });

  it(
    'refuses to start in production without the services, naming each missing variable in one line',
    async () => {
      const result = await run(process.execPath, [built.entry], {
        cwd: app,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          AUTH_JWT_SECRET: 'p'.repeat(64),
          MONGODB_URI: mongoUri,
        },
        encoding: 'utf8',
        timeout: slowDeadline(10_000),
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('(missing: REDIS_URL, AMQP_URL)')]);
    },
    slowTimeout(15_000),
  );

  it.skipIf(servicesMissing)(
    `runs with node and production dependencies only on the services passed by URL, answers its probes, and exits 0 on SIGTERM${servicesMissing ? ` (skipped: ${servicesMissing})` : ''}`,
    async () => {
      // Built by tsc from tsconfig.build.json, installed by `npm ci --omit=dev` (the npm cache serves every package with
      // --prefer-offline, so no registry is needed): see beforeAll. No compiler, no stand-in is installed.
      const { entry } = built;
      for (const devOnly of ['tsx', 'typescript', 'ioredis-mock', 'mongodb-memory-server', 'mingo'])
        expect(existsSync(path.join(app, 'node_modules', devOnly)), devOnly).toBe(false);

      const vhost: PrivateVhost | undefined =
        rabbitmqctlMissing() === false ? await createPrivateVhost('production-build') : undefined;
      const child = spawn(process.execPath, [entry], {
        cwd: app,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          AUTH_JWT_SECRET: 'p'.repeat(64),
          HOST: '127.0.0.1',
          PORT: '0',
          SCRYPT_LOG2_COST: '10',
          SHUTDOWN_READINESS_DELAY_MS: '0',
          MONGODB_URI: mongoUri,
          MONGODB_DB: `production_build_${process.pid}`,
          REDIS_URL: process.env.REDIS_URL,
          AMQP_URL: vhost?.url ?? process.env.AMQP_URL,
          SERVICE_NAMESPACE: `production-build-${process.pid}`,
          ...(process.env.ETCD_URL ? { ETCD_URL: process.env.ETCD_URL } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
        const output: string[] = [];
        createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
        let url: string | undefined;
        // The production entry logs JSON; its "started" line carries the api's URL.
        for await (const line of createInterface({ input: child.stdout })) {
          output.push(line);
          if (line.includes('"msg":"started"')) url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(line)?.[1];
          if (url) break;
        }
        expect(url, output.join('\n')).toBeDefined();

        for (const probe of [...probePaths(), '/health/ready', '/metrics']) {
          const response = await fetch(`${url}${probe}`);
          expect(response.status, `${probe}: ${await response.text()}`).toBe(200);
        }
        child.kill('SIGTERM');
        const [code] = await exited;
        expect(code, output.join('\n')).toBe(0);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await vhost?.remove();
      }
    },
    slowTimeout(30_000),
  );
  // #endregion build-test
});
