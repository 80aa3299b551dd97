import { deserialize, serialize } from 'bson';
import { DESERIALIZE_OPTIONS, type Doc } from './values.js';
import { CodedError } from '../../errors/coded-error.js';

/** Opcodes of the MongoDB wire protocol the engine knows. */
export const OpCode = { REPLY: 1, QUERY: 2004, COMPRESSED: 2012, MSG: 2013 } as const;

/** The largest message the engine accepts, advertised in `hello` as `maxMessageSizeBytes` (mongod's value). */
export const MAX_MESSAGE_BYTES = 48_000_000;
const HEADER_BYTES = 16;

/** OP_MSG flag bits. */
const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;

/** A malformed message: the connection answers with an error or closes, and says why in the log. */
export class WireProtocolError extends CodedError {
  readonly code = 'WIRE_PROTOCOL_INVALID';

  constructor(
    message: string,
    /** True when framing is lost (the stream cannot be trusted any more), so the connection must close. */
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A command request decoded from OP_MSG or OP_QUERY. */
export interface CommandRequest {
  header: MessageHeader;
  /** The command document, with kind-1 document sequences merged in under their identifiers. */
  body: Doc;
  /** OP_MSG moreToCome: the client expects no reply (w:0 writes, endSessions). */
  moreToCome: boolean;
  /** Which framing the reply must use. */
  legacy: boolean;
  /** For OP_QUERY: the full collection name, e.g. `admin.$cmd`. */
  collection?: string;
}

/** Splits a byte stream into whole messages; refuses impossible lengths before buffering them. */
export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds bytes and returns every complete message now available. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Buffer[] = [];
    while (this.buffered >= 4) {
      const head = this.peek(4);
      const length = head.readInt32LE(0);
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
        throw new WireProtocolError(
          `message length ${length} is outside ${HEADER_BYTES}..${MAX_MESSAGE_BYTES} (maxMessageSizeBytes)`,
          true,
        );
      }
      if (this.buffered < length) break;
      const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
      out.push(all.subarray(0, length));
      const rest = all.subarray(length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return out;
  }

  private peek(n: number): Buffer {
    if ((this.chunks[0] as Buffer).length >= n) return this.chunks[0] as Buffer;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }
}

export function readHeader(msg: Buffer): MessageHeader {
  return {
    length: msg.readInt32LE(0),
    requestId: msg.readInt32LE(4),
    responseTo: msg.readInt32LE(8),
    opCode: msg.readInt32LE(12),
  };
}

function readDocument(msg: Buffer, at: number, end: number, what: string): { doc: Doc; next: number } {
  if (at + 5 > end) throw new WireProtocolError(`${what}: truncated before the document`, false);
  const size = msg.readInt32LE(at);
  if (size < 5 || at + size > end)
    throw new WireProtocolError(`${what}: document size ${size} overruns the message`, false);
  try {
    return { doc: deserialize(msg.subarray(at, at + size), DESERIALIZE_OPTIONS), next: at + size };
  } catch (err) {
    throw new WireProtocolError(`${what}: invalid BSON (${(err as Error).message})`, false);
  }
}

function readCString(msg: Buffer, at: number, end: number, what: string): { value: string; next: number } {
  const zero = msg.indexOf(0, at);
  if (zero < 0 || zero >= end) throw new WireProtocolError(`${what}: unterminated string`, false);
  return { value: msg.toString('utf8', at, zero), next: zero + 1 };
}

/** Decodes one complete OP_MSG or OP_QUERY message. */
export function decodeRequest(msg: Buffer): CommandRequest {
  const header = readHeader(msg);
  if (header.opCode === OpCode.MSG) return decodeOpMsg(msg, header);
  if (header.opCode === OpCode.QUERY) return decodeOpQuery(msg, header);
  throw new WireProtocolError(
    header.opCode === OpCode.COMPRESSED
      ? 'OP_COMPRESSED received, but the engine does not offer compression'
      : `unsupported opcode ${header.opCode} (the engine speaks OP_MSG, and OP_QUERY for the handshake)`,
    true,
  );
}

function decodeOpMsg(msg: Buffer, header: MessageHeader): CommandRequest {
  if (msg.length < HEADER_BYTES + 5) throw new WireProtocolError('OP_MSG: too short for flags and a section', false);
  const flags = msg.readUInt32LE(HEADER_BYTES);
  const end = flags & CHECKSUM_PRESENT ? msg.length - 4 : msg.length;
  let at = HEADER_BYTES + 4;
  let body: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  while (at < end) {
    const kind = msg[at];
    at += 1;
    if (kind === 0) {
      if (body) throw new WireProtocolError('OP_MSG: more than one body section', false);
      const read = readDocument(msg, at, end, 'OP_MSG body');
      body = read.doc;
      at = read.next;
    } else if (kind === 1) {
      if (at + 4 > end) throw new WireProtocolError('OP_MSG: truncated document sequence', false);
      const size = msg.readInt32LE(at);
      const seqEnd = at + size;
      if (size < 5 || seqEnd > end)
        throw new WireProtocolError(`OP_MSG: document sequence size ${size} overruns the message`, false);
      const name = readCString(msg, at + 4, seqEnd, 'OP_MSG sequence identifier');
      const docs: Doc[] = [];
      let pos = name.next;
      while (pos < seqEnd) {
        const read = readDocument(msg, pos, seqEnd, `OP_MSG sequence ${name.value}`);
        docs.push(read.doc);
        pos = read.next;
      }
      sequences.push([name.value, docs]);
      at = seqEnd;
    } else {
      throw new WireProtocolError(`OP_MSG: unknown section kind ${String(kind)}`, false);
    }
  }
  if (!body) throw new WireProtocolError('OP_MSG: no body section', false);
  for (const [name, docs] of sequences) body[name] = docs;
  return { header, body, moreToCome: (flags & MORE_TO_COME) !== 0, legacy: false };
}

function decodeOpQuery(msg: Buffer, header: MessageHeader): CommandRequest {
  const name = readCString(msg, HEADER_BYTES + 4, msg.length, 'OP_QUERY collection name');
  const read = readDocument(msg, name.next + 8, msg.length, 'OP_QUERY query');
  // Drivers may wrap the command as { $query: {...}, $readPreference: ... }.
  const inner = read.doc.$query;
  const body = inner !== null && typeof inner === 'object' ? (inner as Doc) : read.doc;
  return { header, body, moreToCome: false, legacy: true, collection: name.value };
}

function writeHeader(buf: Buffer, requestId: number, responseTo: number, opCode: number): void {
  buf.writeInt32LE(buf.length, 0);
  buf.writeInt32LE(requestId, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
}

/** Encodes a reply in the framing the request used (OP_MSG with one kind-0 section, or OP_REPLY). */
export function encodeReply(doc: Doc, requestId: number, request: CommandRequest): Buffer {
  const bson = serialize(doc, { ignoreUndefined: true });
  if (request.legacy) {
    const buf = Buffer.alloc(HEADER_BYTES + 20 + bson.length);
    writeHeader(buf, requestId, request.header.requestId, OpCode.REPLY);
    buf.writeInt32LE(0, 16); // responseFlags
    buf.writeBigInt64LE(0n, 20); // cursorID
    buf.writeInt32LE(0, 28); // startingFrom
    buf.writeInt32LE(1, 32); // numberReturned
    buf.set(bson, 36);
    return buf;
  }
  const buf = Buffer.alloc(HEADER_BYTES + 5 + bson.length);
  writeHeader(buf, requestId, request.header.requestId, OpCode.MSG);
  buf.writeUInt32LE(0, 16);
  buf.writeUInt8(0, 20);
  buf.set(bson, 21);
  return buf;
}

/** Encodes a client-side OP_MSG command (used by tests and the fuzzer to speak raw wire protocol). */
export function encodeCommand(body: Doc, requestId: number): Buffer {
  const bson = serialize(body);
  const buf = Buffer.alloc(HEADER_BYTES + 5 + bson.length);
  writeHeader(buf, requestId, 0, OpCode.MSG);
  buf.writeUInt32LE(0, 16);
  buf.writeUInt8(0, 20);
  buf.set(bson, 21);
  return buf;
}
