import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_ENTRY } from '../../../../workbook/build.js';
import { appView, at, DEPLOY, type Json, k8sObjects, ROOT, servedPaths } from './support/deploy-files.js';
import { execForm, readDockerfile, type Stage } from './support/dockerfile-reader.js';

const dockerfile = readDockerfile(readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages.at(-1) as Stage;
const instructions = (stage: Stage, keyword: string): string[] =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const configMap = k8sObjects().find((object) => object.kind === 'ConfigMap') as Json;

describe('deploy/Dockerfile', () => {
  it('is multi-stage: the runtime stage copies the build output and production dependencies from earlier stages', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    const copies = instructions(runtime, 'COPY');
    const fromStage = (what: string): Stage | undefined => {
      const copy = copies.find((args) => args.startsWith('--from=') && args.includes(what));
      const stageName = /^--from=(\S+)/.exec(copy ?? '')?.[1];
      return dockerfile.stages.find((stage) => stage.name === stageName);
    };
    const dependencies = fromStage('node_modules');
    const build = fromStage('dist');
    expect(dependencies && instructions(dependencies, 'RUN').some((run) => /npm ci\b.*--omit=dev/.test(run))).toBe(
      true,
    );
    expect(build && instructions(build, 'RUN').some((run) => run.includes('npm run build'))).toBe(true);
    // The runtime stage installs nothing itself: no compiler, no dev dependency, no npm cache.
    expect(instructions(runtime, 'RUN')).toEqual([]);
  });

  it.skipIf(packageJson.scripts.build === undefined)(
    `runs a build script that package.json defines${packageJson.scripts.build === undefined ? ' (skipped: package.json has no "build" script yet)' : ''}`,
    () => {
      expect(packageJson.scripts.build).toContain('workbook/build.ts');
    },
  );

  it('runs as a numeric non-root user, so runAsNonRoot can verify it', () => {
    const user = instructions(runtime, 'USER').at(-1) ?? '';
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    const pods = k8sObjects().filter((object) => object.kind === 'Deployment');
    for (const pod of pods)
      expect(at(pod, 'spec', 'template', 'spec', 'securityContext', 'runAsUser')).toBe(Number(user.split(':')[0]));
  });

  it('starts the compiled entry with node directly (PID 1 gets SIGTERM), never npm or tsx', () => {
    const entrypoint = execForm(instructions(runtime, 'ENTRYPOINT').at(-1) ?? '');
    expect(entrypoint).toEqual(['node', `dist/${BUILD_ENTRY}`]);
    expect(instructions(runtime, 'ENV').join(' ')).toContain('NODE_ENV=production');
  });

  it('has a HEALTHCHECK on a path the app serves, and exposes the port the ConfigMap sets', () => {
    const healthcheck = instructions(runtime, 'HEALTHCHECK').at(-1) ?? '';
    const path = /\/health\/[a-z]+/.exec(healthcheck)?.[0];
    expect(servedPaths()).toContain(path);
    const port = appView(
      { ...(at(configMap, 'data') as Record<string, string>), AUTH_JWT_SECRET: 'x'.repeat(64) },
      [],
    ).listenPort;
    expect(instructions(runtime, 'EXPOSE')).toEqual([String(port)]);
  });

  it('the .dockerignore keeps secrets, git and node_modules out, and nothing the build stage copies', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', '.env', 'dist']));
    const copied = dockerfile.stages
      .flatMap((stage) => instructions(stage, 'COPY'))
      .filter((args) => !args.startsWith('--from='))
      .flatMap((args) => args.split(/\s+/).slice(0, -1));
    for (const source of copied) expect(ignored, source).not.toContain(source.split('/')[0]);
  });
});
