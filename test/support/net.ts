import { request, type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1, port 0 (a free port); `close` ends kept-alive connections (fetch keeps them) and waits.
 * The accept queue holds 2,048 connections (Node's default is 511): a test that opens 1,000 at once on a busy machine
 * overflowed it, and Linux then resets the connections it dropped (fetch failed with ECONNRESET at load 27).
 */
export async function listen(app: Express): Promise<RunningServer> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen({ port: 0, host: '127.0.0.1', backlog: 2_048 }, (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A loopback port that nothing listens on (bind, read the port, close): connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Serves `app` on loopback for the length of `use`, then closes it (kept-alive connections included). */
export async function withServer<T>(app: Express, use: (base: string) => Promise<T>): Promise<T> {
  const server = await listen(app);
  try {
    return await use(server.url);
  } finally {
    await server.close();
  }
}

export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

/**
 * One HTTP request sent exactly as given: fetch would refuse a broken percent-escape in the path and set its own
 * content headers. A JSON answer is parsed; anything else leaves `body` empty.
 */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  const sized = body ? { ...headers, 'content-length': String(body.length) } : headers;
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers: sized }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const contentType = String(res.headers['content-type'] ?? '');
        resolve({
          status: res.statusCode ?? 0,
          contentType,
          text,
          body: /json/.test(contentType) && text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
