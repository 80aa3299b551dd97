import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToyServer {
  readonly url: string;
  /** Requests received so far (the probe included). */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** A bare node:http server on 127.0.0.1:0 that counts requests; `handler` decides each answer. */
export async function toyServer(
  handler: (count: number, ...args: Parameters<RequestListener>) => void,
): Promise<ToyServer> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    count += 1;
    handler(count, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Answers 200 `{"ok":true}`. */
export const healthy = (
  _n: number,
  _req: Parameters<RequestListener>[0],
  res: Parameters<RequestListener>[1],
): void => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
};

/** Every other answer is a 500: half the responses fail. */
export const halfFailing = (
  n: number,
  _req: Parameters<RequestListener>[0],
  res: Parameters<RequestListener>[1],
): void => {
  res.writeHead(n % 2 === 0 ? 500 : 200, { 'content-type': 'application/json' }).end('{}');
};
