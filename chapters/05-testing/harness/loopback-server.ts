import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** A server listening on 127.0.0.1 and the one call that stops it. */
export interface LoopbackServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1, port 0 (a free port chosen by the OS), so files in parallel never fight over a port.
 * `close()` also ends kept-alive connections, which `server.close()` alone would wait for.
 */
export async function listenOnLoopback(app: Express): Promise<LoopbackServer> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
