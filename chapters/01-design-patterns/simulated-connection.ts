import { setTimeout as delay } from 'node:timers/promises';
import { PatternError } from './pattern-error.js';

export class ConnectionClosedError extends PatternError {
  readonly code = 'CONNECTION_CLOSED';

  constructor(readonly url: string) {
    super(`connection to ${url} is closed: open a new one instead of reusing a closed connection`);
  }
}

export interface OpenOptions {
  readonly signal?: AbortSignal;
  /** How long the pretend handshake takes. */
  readonly latencyMs?: number;
}

/** A stand-in for a database client: opening takes time and can be aborted, closing is async. No I/O. */
export class SimulatedConnection {
  static #opened = 0;
  readonly id: number;
  #open = true;

  private constructor(readonly url: string) {
    SimulatedConnection.#opened += 1;
    this.id = SimulatedConnection.#opened;
  }

  /** Opens a connection after `latencyMs`; rejects with the signal's reason if it aborts first. */
  static async open(url: string, options: OpenOptions = {}): Promise<SimulatedConnection> {
    await delay(options.latencyMs ?? 10, undefined, { signal: options.signal });
    return new SimulatedConnection(url);
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Answers a pretend query, or fails if the connection was closed. */
  async ping(): Promise<'pong'> {
    if (!this.#open) throw new ConnectionClosedError(this.url);
    await Promise.resolve();
    return 'pong';
  }

  async close(): Promise<void> {
    await Promise.resolve();
    this.#open = false;
  }
}
