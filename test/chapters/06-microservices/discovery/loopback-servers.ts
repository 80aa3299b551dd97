import { createServer, type RequestListener, type Server } from 'node:http';

export interface LoopbackServer {
  readonly server: Server;
  readonly port: number;
  /** Requests this server received. */
  readonly hits: () => number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and a free port, counting its requests; `close()` also cuts kept-alive connections. */
export async function startServer(handler: RequestListener): Promise<LoopbackServer> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    server,
    port,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A handler that answers `{ "instance": name }` with status 200 (or the given status). */
export function answers(name: string, status = 200): RequestListener {
  return (_req, res) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ instance: name }));
  };
}
