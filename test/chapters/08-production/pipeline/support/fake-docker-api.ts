/**
 * A fake Docker Engine API on loopback, answering as the real one does: `POST /build` and
 * `POST /images/{name}/push` reply 200 at once and then stream JSON lines, with failures as `errorDetail` lines in
 * the stream. Objects are split across writes, as a real connection may deliver them.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BuildScenario = 'succeeds' | 'fails' | 'stream-cut';
export type PushScenario = 'succeeds' | 'denied';

export interface DockerCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly bodyBytes: number;
}

export interface FakeDockerApi {
  readonly url: string;
  readonly port: number;
  readonly calls: DockerCall[];
  build: BuildScenario;
  push: PushScenario;
  /** The digest a push of `repository:tag` returns. */
  digestFor(repository: string, tag: string): string;
  close(): Promise<void>;
}

const IMAGE_ID = 'sha256:' + 'c0ffee'.repeat(10) + 'c0ff';

function digestFor(repository: string, tag: string): string {
  return 'sha256:' + createHash('sha256').update(`${repository}:${tag}`).digest('hex');
}

/** Writes the lines, splitting each JSON object in two writes. */
async function streamLines(response: ServerResponse, events: readonly object[], end = true): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/json' });
  for (const event of events) {
    const text = JSON.stringify(event) + '\n';
    const middle = Math.floor(text.length / 2);
    response.write(text.slice(0, middle));
    await new Promise((resolve) => setImmediate(resolve));
    response.write(text.slice(middle));
  }
  if (end) response.end();
  else response.socket?.destroy(); // the daemon died mid-build
}

function buildEvents(scenario: BuildScenario): object[] {
  const steps = [
    { stream: 'Step 1/4 : FROM node:20-bookworm-slim AS build\n' },
    { stream: ' ---> 5f1e2d3c4b5a\n' },
    { stream: 'Step 2/4 : COPY package.json package-lock.json ./\n' },
    { stream: ' ---> Using cache\n' },
    { stream: ' ---> 6a7b8c9d0e1f\n' },
    { stream: 'Step 3/4 : RUN npm run build\n' },
    { stream: ' ---> Running in 0a1b2c3d4e5f\n' },
  ];
  if (scenario === 'fails') {
    return [
      ...steps,
      { stream: "capstone/main.ts(3,10): error TS2305: Module './config.js' has no exported member 'loadConfg'.\n" },
      {
        errorDetail: { code: 2, message: "The command '/bin/sh -c npm run build' returned a non-zero code: 2" },
        error: "The command '/bin/sh -c npm run build' returned a non-zero code: 2",
      },
    ];
  }
  if (scenario === 'stream-cut') return steps;
  return [
    ...steps,
    { stream: ' ---> 7b8c9d0e1f2a\n' },
    { stream: 'Step 4/4 : USER 1000:1000\n' },
    { aux: { ID: IMAGE_ID } },
    { stream: 'Successfully built c0ffeec0ffee\n' },
  ];
}

function pushEvents(scenario: PushScenario, repository: string, tag: string): object[] {
  const start = [
    { status: `The push refers to repository [${repository}]` },
    { status: 'Preparing', progressDetail: {}, id: '3e4f5a6b7c8d' },
  ];
  if (scenario === 'denied') {
    return [
      ...start,
      {
        errorDetail: { message: 'denied: requested access to the resource is denied' },
        error: 'denied: requested access to the resource is denied',
      },
    ];
  }
  const digest = digestFor(repository, tag);
  return [
    ...start,
    { status: 'Pushed', progressDetail: {}, id: '3e4f5a6b7c8d' },
    { status: `${tag}: digest: ${digest} size: 1570` },
    { progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: 1570 } },
  ];
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeDockerApi(): Promise<FakeDockerApi> {
  const calls: DockerCall[] = [];
  const state = { build: 'succeeds' as BuildScenario, push: 'succeeds' as PushScenario };
  const server: Server = createServer((request, response) => {
    void (async () => {
      let bodyBytes = 0;
      for await (const chunk of request) bodyBytes += (chunk as Buffer).length;
      const url = new URL(request.url ?? '/', 'http://docker');
      // dockerode may prefix a version (/v1.47/build); the engine accepts both.
      const path = url.pathname.replace(/^\/v\d+\.\d+/, '');
      calls.push({ method: request.method ?? '', path, query: url.searchParams, headers: request.headers, bodyBytes });
      const push = /^\/images\/(.+)\/push$/.exec(path);
      if (request.method === 'POST' && path === '/build') {
        await streamLines(response, buildEvents(state.build), state.build !== 'stream-cut');
      } else if (request.method === 'POST' && push?.[1]) {
        if (request.headers['x-registry-auth'] === undefined) {
          response
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ message: 'missing X-Registry-Auth header' }));
          return;
        }
        await streamLines(
          response,
          pushEvents(state.push, decodeURIComponent(push[1]), url.searchParams.get('tag') ?? 'latest'),
        );
      } else {
        response
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: `page not found: ${request.method} ${path}` }));
      }
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    get build() {
      return state.build;
    },
    set build(value: BuildScenario) {
      state.build = value;
    },
    get push() {
      return state.push;
    },
    set push(value: PushScenario) {
      state.push = value;
    },
    digestFor,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
