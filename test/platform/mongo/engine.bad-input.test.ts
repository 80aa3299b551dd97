// Malformed input costs at most the one connection that sent it, is logged, and never stops the engine.
import { serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../platform/mongo/engine/index.js';
import { MAX_MESSAGE_BYTES, encodeCommand } from '../../../platform/mongo/engine/wire.js';
import { RawWireClient } from './support/raw-wire-client.js';

function header(length: number, opCode: number, requestId = 1): Buffer {
  const buf = Buffer.alloc(16);
  buf.writeInt32LE(length, 0);
  buf.writeInt32LE(requestId, 4);
  buf.writeInt32LE(0, 8);
  buf.writeInt32LE(opCode, 12);
  return buf;
}

describe('embedded engine: bad input', () => {
  let engine: EmbeddedMongo;
  const logged: string[] = [];

  beforeAll(async () => {
    engine = await startEmbeddedMongo({ logger: { warn: (line) => logged.push(line) } });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('closes a connection that announces a message over maxMessageSizeBytes, and logs why', async () => {
    const client = await RawWireClient.open(engine.port);
    client.send(header(MAX_MESSAGE_BYTES + 1, 2013));
    await client.untilClosed();
    expect(logged.some((l) => l.includes('maxMessageSizeBytes'))).toBe(true);
  });

  it('closes a connection that announces a length shorter than a header', async () => {
    const client = await RawWireClient.open(engine.port);
    client.send(header(3, 2013));
    await client.untilClosed();
    expect(client.closed).toBe(true);
  });

  it('closes a connection that uses an unknown opcode, naming it in the log', async () => {
    const client = await RawWireClient.open(engine.port);
    client.send(Buffer.concat([header(20, 9999), Buffer.alloc(4)]));
    await client.untilClosed();
    expect(logged.some((l) => l.includes('unsupported opcode 9999'))).toBe(true);
  });

  it('answers invalid BSON inside a well-framed OP_MSG with InvalidBSON (22) and keeps the connection', async () => {
    const client = await RawWireClient.open(engine.port);
    const body = Buffer.from([0, 0x10, 0, 0, 0, 0x02, 0x61, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0]); // kind 0, bad string length
    const flags = Buffer.alloc(4);
    client.send(Buffer.concat([header(16 + 4 + body.length, 2013, 7), flags, body]));
    const reply = await client.nextReply();
    expect(reply.responseTo).toBe(7);
    expect(reply.doc).toMatchObject({ ok: 0, code: 22 });
    expect((await client.command({ ping: 1, $db: 'admin' })).doc).toMatchObject({ ok: 1 });
    await client.finish();
  });

  it('answers an unknown section kind with an error and keeps serving', async () => {
    const client = await RawWireClient.open(engine.port);
    client.send(Buffer.concat([header(16 + 4 + 1, 2013), Buffer.alloc(4), Buffer.from([9])]));
    expect((await client.nextReply()).doc).toMatchObject({ ok: 0 });
    expect((await client.command({ ping: 1, $db: 'admin' })).doc).toMatchObject({ ok: 1 });
    await client.finish();
  });

  it('answers an unknown command with CommandNotFound (59) saying the engine does not support it', async () => {
    const client = await RawWireClient.open(engine.port);
    const reply = await client.command({ shardCollection: 'x.y', $db: 'admin' });
    expect(reply.doc).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
    expect(String(reply.doc.errmsg)).toMatch(/shardCollection.*embedded engine does not support/);
    await client.finish();
  });

  it('refuses commands other than the handshake over legacy OP_QUERY with code 352', async () => {
    const client = await RawWireClient.open(engine.port);
    const query = serialize({ find: 'x' });
    const ns = Buffer.from('test.$cmd\0');
    const rest = Buffer.concat([Buffer.alloc(4), ns, Buffer.alloc(8), query]);
    client.send(Buffer.concat([header(16 + rest.length, 2004), rest]));
    const reply = await client.nextReply();
    expect(reply.opCode).toBe(1);
    expect(reply.doc).toMatchObject({ ok: 0, code: 352 });
    await client.finish();
  });

  it('does not answer an OP_MSG with moreToCome set (w:0 writes), but executes it', async () => {
    const client = await RawWireClient.open(engine.port);
    const msg = encodeCommand({ insert: 'quiet', documents: [{ _id: 1 }], $db: 'bad_input' }, 3);
    msg.writeUInt32LE(2, 16); // moreToCome
    client.send(msg);
    const reply = await client.command({ count: 'quiet', $db: 'bad_input' });
    expect(reply.responseTo).not.toBe(3);
    expect(reply.doc).toMatchObject({ n: 1, ok: 1 });
    await client.finish();
  });

  it('keeps serving the driver on other connections after all of the above', async () => {
    const client = await MongoClient.connect(engine.uri);
    try {
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    } finally {
      await client.close();
    }
  });
});
