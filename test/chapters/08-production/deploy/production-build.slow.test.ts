import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../../../workbook/build.js';
import { slowDeadline, slowTimeout } from '../../../support/slow-tests.js';
import { at, DEPLOY, type Json, k8sObjects, objects, ROOT } from './support/deploy-files.js';
import { readDockerfile } from './support/dockerfile-reader.js';

const run = promisify(execFile);
const app = mkdtempSync(path.join(tmpdir(), 'production-build-'));
let install: Promise<unknown> | undefined;

afterAll(async () => {
  await install?.catch(() => undefined); // npm is still writing if a hook gave up: let it end (or time out) first
  rmSync(app, { recursive: true, force: true });
}, slowTimeout(30_000));

/** Every path a probe in deploy/k8s asks for. */
function probePaths(): string[] {
  const paths = k8sObjects()
    .filter((object) => object.kind === 'Deployment')
    .flatMap((deployment) => objects(at(deployment, 'spec', 'template', 'spec', 'containers')))
    .flatMap((container: Json) => ['startupProbe', 'readinessProbe', 'livenessProbe'].map((probe) => String(at(container, probe, 'httpGet', 'path'))));
  return [...new Set(paths)];
}

describe('production build', () => {
  // #region build-test
  let built: BuildResult;
  // Two slow steps that do not depend on each other run at once, each with a deadline of its own: the install starts
  // first and runs on while tsc compiles; the second hook waits for it.
  beforeAll(async () => {
    copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
    copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(app, 'package-lock.json'));
    install = run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, timeout: 2 * slowDeadline(25_000) });
    install.catch(() => undefined); // awaited in the next hook; a failure while tsc runs is not unhandled
    built = await build({ outDir: path.join(app, 'dist'), log: () => undefined });
  }, slowTimeout(30_000));
  beforeAll(async () => {
    await install;
  }, slowTimeout(30_000));

  it('runs with node and production dependencies only, answers its probes, and exits 0 on SIGTERM', async () => {
    // Built by tsc from tsconfig.build.json, installed by `npm ci --omit=dev` (the npm cache serves every package with
    // --prefer-offline, so no registry is needed): see beforeAll.
    const { entry, outDir } = built;
    expect(existsSync(path.join(app, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(path.join(app, 'node_modules/typescript'))).toBe(false);

    const child = spawn(process.execPath, [entry], {
      cwd: app,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: 'p'.repeat(64),
        HOST: '127.0.0.1',
        PORT: '0',
        SCRYPT_LOG2_COST: '10',
        WORKBOOK_MONGO_PROVIDER: 'embedded',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const output: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
    let url: string | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      output.push(line);
      url = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      if (url) break;
    }
    expect(url, output.join('\n')).toBeDefined();

    for (const probe of [...probePaths(), '/metrics']) {
      const response = await fetch(`${url}${probe}`);
      expect(response.status, probe).toBe(200);
    }
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code, output.join('\n')).toBe(0);

    // Everything compiled comes from a directory the Dockerfile's build stage copies.
    const copied = readDockerfile(readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8'))
      .stages.flatMap((stage) => stage.instructions)
      .filter((instruction) => instruction.keyword === 'COPY' && !instruction.args.startsWith('--from='))
      .flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1));
    for (const dir of readdirSync(outDir)) expect(copied).toContain(dir);
  }, slowTimeout(20_000));
  // #endregion build-test
});
