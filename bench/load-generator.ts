/**
 * autocannon in a process of its own: a load generator that shares the server's event loop slows the server it
 * measures and flatters every ratio. The bench process runs the servers; this child only sends requests.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface LoadFigures {
  /** Requests answered per second over the run. */
  readonly rps: number;
  /** 99th percentile latency, milliseconds. */
  readonly p99: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly headers?: Readonly<Record<string, string>>;
}

interface AutocannonJson {
  requests: { total: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
}

const autocannonCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve('autocannon/package.json')),
  'autocannon.js',
);

/** Runs autocannon's CLI against `url` and reads its JSON; any non-2xx answer or socket error fails the run. */
export async function generateLoad({ url, connections, seconds, headers = {} }: LoadOptions): Promise<LoadFigures> {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [autocannonCli, '--json', '-c', String(connections), '-d', String(seconds), ...headerArgs, url],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const result = JSON.parse(stdout) as AutocannonJson;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`benchmark run had ${result.non2xx} non-2xx responses and ${result.errors} errors: ${url}`);
  return { rps: result.requests.total / seconds, p99: result.latency.p99 };
}

export interface OrderLoadOptions {
  readonly url: string;
  readonly token: string;
  readonly productId: string;
  readonly orders: number;
  readonly concurrency: number;
}

const orderCallers = path.join(path.dirname(fileURLToPath(import.meta.url)), 'order-callers.ts');

/**
 * Places `orders` orders with `concurrency` callers from a child process; resolves once all were accepted, with when
 * the first request left (`performance.timeOrigin + performance.now()` in the child: comparable across processes).
 */
export async function placeOrders(
  options: OrderLoadOptions,
): Promise<{ firstRequestAt: number; acceptedSeconds: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    orderCallers,
    JSON.stringify(options),
  ]);
  const { firstRequestAt, seconds } = JSON.parse(stdout) as { firstRequestAt: number; seconds: number };
  return { firstRequestAt, acceptedSeconds: seconds };
}
