import type { Server, ServerResponse } from 'node:http';

/** The part of a logger the drain needs. */
interface DrainLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

// #region drain
/**
 * The servers a shutdown drains: it counts accepted connections and in-flight requests, closes connections as they go
 * idle once draining has begun, and at the deadline cuts what is left.
 */
export class ServerDrain {
  readonly #servers: Server[] = [];
  readonly #inFlight = new Map<Server, Set<ServerResponse>>();
  readonly #draining: () => boolean;
  #accepted = 0;

  /** `draining` says whether shutdown has begun (from then on, finished requests close their connections). */
  constructor(draining: () => boolean) {
    this.#draining = draining;
  }

  /** Tracks a server's requests so the drain can wait for them and close their connections when they finish. */
  track(server: Server): void {
    const active = new Set<ServerResponse>();
    this.#inFlight.set(server, active);
    this.#servers.push(server);
    server.on('connection', () => {
      this.#accepted += 1;
    });
    server.on('request', (_req, res: ServerResponse) => {
      active.add(res);
      // A request that arrives on a kept-alive connection while draining is served, then its connection closes.
      if (this.#draining() && !res.headersSent) res.setHeader('connection', 'close');
      res.once('close', () => {
        active.delete(res);
        // The connection just went idle: close it now rather than when the keep-alive timeout ends.
        if (this.#draining()) setImmediate(() => server.closeIdleConnections());
      });
    });
  }

  /**
   * Stops accepting once the accept queues are empty, waits for in-flight requests up to `drainTimeoutMs`, then
   * cuts what is left. Returns how many were cut.
   */
  async drain(drainTimeoutMs: number, log: DrainLog): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), drainTimeoutMs);
    });
    await Promise.race([this.#acceptQueuesEmpty(), deadline]);
    const closed = this.#servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
        }),
    );
    for (const server of this.#servers) {
      for (const res of this.#inFlight.get(server) ?? []) {
        if (!res.headersSent) res.setHeader('connection', 'close');
      }
      server.closeIdleConnections();
    }
    const outcome = await Promise.race([Promise.all(closed).then(() => 'drained' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'drained') return 0;

    let cut = 0;
    for (const server of this.#servers) {
      cut += this.#inFlight.get(server)?.size ?? 0;
      server.closeAllConnections();
    }
    log.warn({ cutRequests: cut, drainTimeoutMs }, 'drain deadline passed: connections cut');
    await Promise.all(closed);
    return cut;
  }

  // #region accept-queue
  /**
   * Resolves once a whole turn of the event loop has passed without a new connection. Closing a listener resets every
   * connection still in the kernel's accept queue, whose clients have already sent their requests, and Node accepts
   * about one queued connection per turn of the loop: on a busy process a burst takes many turns. Two `setImmediate`
   * hops always span one fresh poll of the sockets, which accepts a queued connection if there is one, and reads the
   * request of every connection accepted before it (an accepted but unread connection counts as idle, and
   * `closeIdleConnections()` would reset it too).
   */
  async #acceptQueuesEmpty(): Promise<void> {
    for (;;) {
      const accepted = this.#accepted;
      await nextTurn();
      await nextTurn();
      if (this.#accepted === accepted) return;
    }
  }
  // #endregion accept-queue
}
// #endregion drain

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
