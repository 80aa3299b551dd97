import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { CommandError, commandError } from './command-error.js';
import { errorReply, runCommand } from './commands/index.js';
import { CursorRegistry } from './cursors.js';
import { FailPoints, type FailCommandData } from './fail-points.js';
import { Store } from './store.js';
import type { Doc } from './values.js';
import {
  MessageFramer,
  OpCode,
  WireProtocolError,
  decodeRequest,
  encodeReply,
  readHeader,
  type CommandRequest,
} from './wire.js';

/** Where the engine reports rejected connections and messages; one line each. */
export interface EngineLogger {
  warn(message: string): void;
}

export interface EmbeddedMongoOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: '127.0.0.1' | 'localhost' | '::1';
  logger?: EngineLogger;
  /** Idle cursors close after this long (mongod: 10 minutes). */
  cursorTimeoutMs?: number;
  /** Clock for cursor expiry; tests pass a fake one. */
  now?: () => number;
}

/** A running engine; `close()` stops listening and ends every connection. */
export interface EmbeddedMongo {
  readonly uri: string;
  readonly host: string;
  readonly port: number;
  /** The engine's data, for tests that check what a client cannot see. */
  readonly store: Store;
  readonly cursors: CursorRegistry;
  close(): Promise<void>;
}

const defaultLogger: EngineLogger = { warn: (message) => console.warn(message) };

class Connection {
  private readonly framer = new MessageFramer();
  private readonly queue: Buffer[] = [];
  private busy = false;
  /** The driver's appName from the handshake, for fail points limited to one application. */
  private appName: string | undefined;

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly engine: Engine,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.engine.log(this, `socket error: ${err.message}`));
  }

  get peer(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  private onData(chunk: Buffer): void {
    try {
      this.queue.push(...this.framer.push(chunk));
    } catch (err) {
      this.reject(err as Error);
      return;
    }
    this.drain();
  }

  /** Answers queued messages in order; a blocked command (fail point) holds back the ones behind it. */
  private drain(): void {
    while (!this.busy && this.queue.length > 0 && !this.socket.destroyed) {
      try {
        const pending = this.handle(this.queue.shift() as Buffer);
        if (pending) {
          this.busy = true;
          pending.then(
            () => {
              this.busy = false;
              this.drain();
            },
            (err: unknown) => this.reject(err as Error),
          );
        }
      } catch (err) {
        // Never let one connection's message take the process down: drop that connection and say why.
        this.reject(new Error(`unexpected failure while answering: ${(err as Error).message}`));
      }
    }
  }

  private handle(msg: Buffer): Promise<void> | undefined {
    let request: CommandRequest;
    try {
      request = decodeRequest(msg);
    } catch (err) {
      if (err instanceof WireProtocolError && !err.fatal) {
        // Framing is intact: answer this one message with an error and keep serving the connection.
        const header = readHeader(msg);
        this.engine.log(this, err.message);
        const fake: CommandRequest = { header, body: {}, moreToCome: false, legacy: header.opCode === OpCode.QUERY };
        this.write(errorReply(commandError('InvalidBSON', err.message)), fake);
        return;
      }
      this.reject(err as Error);
      return;
    }
    const command = Object.keys(request.body)[0] ?? '';
    if (request.legacy || command === 'hello') this.noteClient(request.body);
    const failure = this.engine.failPoints.take(command, this.appName);
    if (!failure) {
      this.answer(request);
      return undefined;
    }
    if (failure.blockConnection && (failure.blockTimeMS ?? 0) > 0) {
      return delay(failure.blockTimeMS ?? 0).then(() => this.fail(request, failure));
    }
    this.fail(request, failure);
    return undefined;
  }

  private answer(request: CommandRequest, extra?: Doc): void {
    const reply = this.engine.execute(request, this);
    if (!request.moreToCome) this.write(extra ? { ...reply, ...extra } : reply, request);
  }

  /** Applies a failCommand fail point: close, answer the configured error, or (after blocking) run normally. */
  private fail(request: CommandRequest, failure: FailCommandData): void {
    if (this.socket.destroyed) return;
    if (failure.closeConnection) {
      this.socket.destroy();
      return;
    }
    if (failure.errorCode !== undefined) {
      const labels = failure.errorLabels ? { errorLabels: failure.errorLabels } : {};
      this.write(
        { ok: 0, errmsg: "Failing command via 'failCommand' failpoint", code: failure.errorCode, ...labels },
        request,
      );
      return;
    }
    this.answer(request, failure.writeConcernError ? { writeConcernError: failure.writeConcernError } : undefined);
  }

  private noteClient(body: Doc): void {
    const client = body.client as { application?: { name?: unknown } } | undefined;
    if (typeof client?.application?.name === 'string') this.appName = client.application.name;
  }

  private write(reply: Doc, request: CommandRequest): void {
    if (this.socket.destroyed) return;
    this.socket.write(encodeReply(reply, this.engine.nextRequestId(), request));
  }

  /** Closes this connection only, saying why. */
  reject(err: Error): void {
    this.engine.log(this, `closing connection: ${err.message}`);
    this.queue.length = 0;
    this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

class Engine {
  readonly store = new Store();
  readonly cursors: CursorRegistry;
  readonly failPoints = new FailPoints();
  readonly connections = new Set<Connection>();
  private requestId = 1;
  private connectionIds = 1;

  constructor(
    private readonly logger: EngineLogger,
    cursorTimeoutMs: number | undefined,
    now: (() => number) | undefined,
  ) {
    this.cursors = new CursorRegistry(cursorTimeoutMs, now);
  }

  nextRequestId(): number {
    this.requestId = (this.requestId % 0x7fffffff) + 1;
    return this.requestId;
  }

  accept(socket: Socket): void {
    const conn = new Connection(socket, this.connectionIds++, this);
    this.connections.add(conn);
    socket.on('close', () => this.connections.delete(conn));
  }

  log(conn: Connection, message: string): void {
    this.logger.warn(`[embedded-mongo] connection ${conn.id} (${conn.peer}): ${message}`);
  }

  execute(request: CommandRequest, conn: Connection): Doc {
    try {
      return runCommand(request, {
        store: this.store,
        cursors: this.cursors,
        failPoints: this.failPoints,
        connectionId: conn.id,
      });
    } catch (err) {
      if (err instanceof CommandError) return errorReply(err);
      // A bug in the engine: answer an InternalError for this command rather than take the process down.
      this.log(conn, `internal error: ${(err as Error).stack ?? String(err)}`);
      return errorReply(commandError('InternalError', `embedded engine internal error: ${(err as Error).message}`));
    }
  }
}

/**
 * Starts the embedded MongoDB-compatible engine on loopback.
 * @example
 * const mongo = await startEmbeddedMongo();
 * const client = await MongoClient.connect(mongo.uri);
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  const engine = new Engine(options.logger ?? defaultLogger, options.cursorTimeoutMs, options.now);
  const server: Server = createServer((socket) => engine.accept(socket));
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const uriHost = host.includes(':') ? `[${host}]` : host;
  return {
    uri: `mongodb://${uriHost}:${port}/`,
    host,
    port,
    store: engine.store,
    cursors: engine.cursors,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const conn of engine.connections) conn.destroy();
      engine.cursors.close();
      await closed;
    },
  };
}
