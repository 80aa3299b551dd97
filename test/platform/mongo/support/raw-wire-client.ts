import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { deserialize } from 'bson';
import { MessageFramer, encodeCommand, readHeader } from '../../../../platform/mongo/engine/wire.js';

/** A decoded reply: its header and its one document. */
export interface RawReply {
  opCode: number;
  responseTo: number;
  doc: Record<string, unknown>;
}

/** Speaks raw wire protocol to the engine, to send what no driver would. */
export class RawWireClient {
  private readonly framer = new MessageFramer();
  private readonly replies: RawReply[] = [];
  private waiter: (() => void) | undefined;
  private nextId = 1;
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const msg of this.framer.push(chunk)) {
        const header = readHeader(msg);
        const at = header.opCode === 2013 ? 21 : 36;
        this.replies.push({ opCode: header.opCode, responseTo: header.responseTo, doc: deserialize(msg.subarray(at)) });
      }
      this.waiter?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on('error', () => undefined); // a reset by the server is an expected outcome here; 'close' reports it
  }

  static async open(port: number): Promise<RawWireClient> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new RawWireClient(socket);
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends an OP_MSG command and returns the reply to it. */
  async command(body: Record<string, unknown>): Promise<RawReply> {
    const id = this.nextId++;
    this.send(encodeCommand(body, id));
    return this.nextReply();
  }

  /** The next reply, or an error if the server closes the connection first. */
  async nextReply(): Promise<RawReply> {
    while (this.replies.length === 0) {
      if (this.closed) throw new Error('connection closed by the server');
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    return this.replies.shift() as RawReply;
  }

  /** Resolves once the server has closed the connection. */
  async untilClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => (this.waiter = resolve));
  }

  /** Ends our side and waits for the connection to close; returns every reply received. */
  async finish(): Promise<RawReply[]> {
    this.socket.end();
    await this.untilClosed();
    return this.replies.splice(0);
  }
}
