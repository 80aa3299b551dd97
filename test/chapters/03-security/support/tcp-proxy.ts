import { connect, createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/** A loopback TCP proxy a test owns: it can cut or stall ITS clients' connection without touching the real server. */
export interface TcpProxy {
  readonly port: number;
  /** Stops forwarding bytes both ways; connections stay open (a server that hangs). */
  pause(): void;
  /** Bytes received from clients so far, forwarded or not: did a command leave the client? */
  bytesFromClients(): number;
  /** Destroys every connection and stops listening (a server that is gone: connection refused). */
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let paused = false;
  let fromClients = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.on('data', (chunk: Buffer) => {
      fromClients += chunk.length;
      if (!paused) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => void (paused || client.write(chunk)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    pause: () => void (paused = true),
    bytesFromClients: () => fromClients,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
