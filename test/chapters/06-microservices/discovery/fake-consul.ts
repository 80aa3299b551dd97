/**
 * A stand-in for the Consul agent's HTTP API on loopback, implementing only the documented endpoints the adapter
 * uses: PUT /v1/agent/service/register, PUT /v1/agent/service/deregister/:id and
 * GET /v1/health/service/:name (with `passing`, and blocking queries through `index` and `wait`).
 * Consul is not installable here; this is not Consul, and the test names say so.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface RegisteredService {
  readonly ID: string;
  readonly Name: string;
  readonly Address: string;
  readonly Port: number;
  readonly Meta?: Record<string, string>;
  readonly Check?: {
    readonly HTTP?: string;
    readonly DeregisterCriticalServiceAfter?: string;
    readonly Interval?: string;
  };
}

interface Held {
  readonly service: string;
  readonly passing: boolean;
  readonly res: ServerResponse;
  readonly timer: NodeJS.Timeout;
}

export class FakeConsul {
  readonly registrations = new Map<string, { service: RegisteredService; status: 'passing' | 'critical' }>();
  /** Every request, as `METHOD path?query`, in order. */
  readonly requests: string[] = [];
  /** When set, the next node address the fake reports for services that registered no address. */
  nodeAddress = '127.0.0.1';
  #index = 1;
  #down = false;
  readonly #held = new Set<Held>();
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<FakeConsul> {
    const server = createServer();
    const fake = new FakeConsul(server);
    server.on('connection', (socket) => {
      if (fake.#down) return socket.destroy(); // an unreachable agent: the connection is cut at once
      fake.#sockets.add(socket);
      socket.once('close', () => fake.#sockets.delete(socket));
    });
    server.on('request', (req, res) => void fake.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.#server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  /** Cuts every connection and refuses new ones (`true`), or answers again (`false`). */
  setDown(down: boolean): void {
    this.#down = down;
    if (down) {
      for (const held of this.#held) clearTimeout(held.timer);
      this.#held.clear();
      for (const socket of this.#sockets) socket.destroy();
    }
  }

  /** Runs every registered HTTP check once, as the agent does every `Interval`: 2xx passes, anything else is critical. */
  async runChecks(): Promise<void> {
    await Promise.all(
      [...this.registrations.values()].map(async (entry) => {
        const url = entry.service.Check?.HTTP;
        let status: 'passing' | 'critical' = 'critical';
        try {
          if (url) status = (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok ? 'passing' : 'critical';
        } catch {
          status = 'critical';
        }
        if (entry.status !== status) {
          entry.status = status;
          this.#changed();
        }
      }),
    );
  }

  async close(): Promise<void> {
    this.setDown(true);
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://consul');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const body = await readBody(req);
    if (req.method === 'PUT' && url.pathname === '/v1/agent/service/register') {
      const service = JSON.parse(body) as RegisteredService;
      // Consul starts a new check as critical until it passes once.
      this.registrations.set(service.ID, { service, status: 'critical' });
      this.#changed();
      return void res.end();
    }
    const deregister = /^\/v1\/agent\/service\/deregister\/(.+)$/.exec(url.pathname);
    if (req.method === 'PUT' && deregister) {
      const found = this.registrations.delete(decodeURIComponent(deregister[1]!));
      if (found) this.#changed();
      res.statusCode = found ? 200 : 404;
      return void res.end(found ? '' : 'Unknown service ID');
    }
    const health = /^\/v1\/health\/service\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && health) {
      const service = decodeURIComponent(health[1]!);
      const passing = url.searchParams.has('passing') && url.searchParams.get('passing') !== 'false';
      const index = Number(url.searchParams.get('index') ?? 0);
      if (index > 0 && index >= this.#index) {
        const timer = setTimeout(
          () => {
            this.#held.delete(held);
            this.#answer(res, service, passing);
          },
          parseWait(url.searchParams.get('wait')),
        );
        const held: Held = { service, passing, res, timer };
        this.#held.add(held);
        return;
      }
      return this.#answer(res, service, passing);
    }
    res.statusCode = 404;
    res.end(`fake Consul does not implement ${req.method} ${url.pathname}`);
  }

  #answer(res: ServerResponse, service: string, passing: boolean): void {
    const entries = [...this.registrations.values()]
      .filter((entry) => entry.service.Name === service && (!passing || entry.status === 'passing'))
      .map(({ service: s, status }) => ({
        Node: { Node: 'fake-node', Address: this.nodeAddress },
        Service: { ID: s.ID, Service: s.Name, Address: s.Address ?? '', Port: s.Port, Meta: s.Meta ?? null, Tags: [] },
        Checks: [
          { CheckID: 'serfHealth', Status: 'passing' },
          { CheckID: `service:${s.ID}`, Status: status },
        ],
      }));
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-consul-index', String(this.#index));
    res.end(JSON.stringify(entries));
  }

  #changed(): void {
    this.#index += 1;
    for (const held of [...this.#held]) {
      clearTimeout(held.timer);
      this.#held.delete(held);
      this.#answer(held.res, held.service, held.passing);
    }
  }
}

function parseWait(raw: string | null): number {
  const match = /^(\d+)(ms|s|m)$/.exec(raw ?? '');
  if (!match) return 5 * 60_000; // Consul's default wait
  const value = Number(match[1]);
  return match[2] === 'ms' ? value : match[2] === 's' ? value * 1_000 : value * 60_000;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
