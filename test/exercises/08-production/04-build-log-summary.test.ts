import { describe, expect, it } from 'vitest';
import { summariseBuildLog } from '#exercise/08-production/04-build-log-summary';
import type { DockerProgressEvent } from '../../../chapters/08-production/pipeline/docker-progress.js';

const ID = 'sha256:' + '2'.repeat(64);
const start: DockerProgressEvent[] = [
  { stream: 'Step 1/3 : FROM node:20-bookworm-slim\n' },
  { stream: ' ---> 5f1e2d3c4b5a\n' },
  { stream: 'Step 2/3 : COPY package.json ./\n' },
  { stream: ' ---> Using cache\n ---> 6a7b8c9d0e1f\n' },
  { stream: 'Step 3/3 : RUN npm run build\n' },
  { stream: ' ---> Running in 0a1b2c3d4e5f\n' },
  { stream: '> tsx workbook/build.ts\n' },
];

describe('08.4 build log summary', () => {
  it('lists the steps with their instructions, cache hits and command output', () => {
    const summary = summariseBuildLog([
      ...start,
      { stream: 'built 141 modules\n' },
      { stream: 'Removing intermediate container 0a1b2c3d4e5f\n' },
      { aux: { ID } },
      { stream: 'Successfully built 222222222222\n' },
    ]);

    expect(summary.ok).toBe(true);
    expect(summary.imageId).toBe(ID);
    expect(summary.cachedSteps).toBe(1);
    expect(summary.steps).toEqual([
      { number: 1, total: 3, instruction: 'FROM node:20-bookworm-slim', cached: false, output: [] },
      { number: 2, total: 3, instruction: 'COPY package.json ./', cached: true, output: [] },
      {
        number: 3,
        total: 3,
        instruction: 'RUN npm run build',
        cached: false,
        output: ['> tsx workbook/build.ts', 'built 141 modules'],
      },
    ]);
    expect(summary.failure).toBeUndefined();
  });

  it('names the failing step, its error and its last output lines, ignoring what follows the error', () => {
    const errors = Array.from({ length: 7 }, (_, index) => ({ stream: `src/file${index}.ts(1,1): error TS2304\n` }));
    const summary = summariseBuildLog([
      ...start,
      ...errors,
      {
        errorDetail: { code: 2, message: "The command '/bin/sh -c npm run build' returned a non-zero code: 2" },
        error: 'ignored when errorDetail is there',
      },
      { aux: { ID } },
    ]);

    expect(summary.ok).toBe(false);
    expect(summary.imageId).toBeUndefined();
    expect(summary.failure).toEqual({
      step: 3,
      instruction: 'RUN npm run build',
      message: "The command '/bin/sh -c npm run build' returned a non-zero code: 2",
      lastOutput: [
        'src/file2.ts(1,1): error TS2304',
        'src/file3.ts(1,1): error TS2304',
        'src/file4.ts(1,1): error TS2304',
        'src/file5.ts(1,1): error TS2304',
        'src/file6.ts(1,1): error TS2304',
      ],
    });
  });

  it('counts a stream that ended without an image id as a failure', () => {
    const summary = summariseBuildLog(start);

    expect(summary.ok).toBe(false);
    expect(summary.failure).toMatchObject({
      step: 3,
      message: 'the stream ended without an image id',
      lastOutput: ['> tsx workbook/build.ts'],
    });
  });

  it('reports an error before any step (a bad Dockerfile) with no step', () => {
    const summary = summariseBuildLog([{ error: 'Cannot locate specified Dockerfile: deploy/Dockerfile' }]);

    expect(summary).toEqual({
      ok: false,
      imageId: undefined,
      steps: [],
      cachedSteps: 0,
      failure: {
        step: undefined,
        instruction: undefined,
        message: 'Cannot locate specified Dockerfile: deploy/Dockerfile',
        lastOutput: [],
      },
    });
  });

  it('reads two-digit step numbers, drops lines before the first step and keeps output that only looks like the builder', () => {
    const summary = summariseBuildLog([
      { stream: 'Sending build context to Docker daemon  2.048kB\n' },
      { stream: 'Step 10/12 : RUN ./build.sh\n ---> Running in 0a1b2c3d4e5f\n' },
      { stream: 'mapping old ---> new\n   \n  Step 1/2 : compile\n' },
      { stream: 'Removing intermediate container 0a1b2c3d4e5f\n ---> 7c8d9e0f1a2b\n' },
      { aux: { ID } },
      { stream: 'Successfully built 222222222222\nSuccessfully tagged registry.example.com/shop/orders:abc1234\n' },
    ]);

    expect(summary.steps).toEqual([
      {
        number: 10,
        total: 12,
        instruction: 'RUN ./build.sh',
        cached: false,
        output: ['mapping old ---> new', '  Step 1/2 : compile'],
      },
    ]);
    expect(summary).toMatchObject({ ok: true, imageId: ID, cachedSteps: 0 });
  });

  it('fails a build whose stream reports an error after the image id, and gives no image id', () => {
    const summary = summariseBuildLog([
      ...start,
      { aux: { ID } },
      { error: 'tag registry.example.com/shop/orders:abc1234: invalid reference format' },
    ]);

    expect(summary).toMatchObject({
      ok: false,
      imageId: undefined,
      failure: { step: 3, message: 'tag registry.example.com/shop/orders:abc1234: invalid reference format' },
    });
  });
});
