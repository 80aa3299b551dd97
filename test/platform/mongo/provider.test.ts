// The provider chain: which MongoDB a run uses, and how it fails when the choice cannot work.
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from '../../../platform/mongo/engine/index.js';
import { MongoProviderError, describeHosts, providerChoice, resolveMongo } from '../../../platform/mongo/provider.js';

describe('resolveMongo', () => {
  it('uses the embedded engine when WORKBOOK_MONGO_PROVIDER=embedded, logging one line with its limits', async () => {
    const lines: string[] = [];
    const mongo = await resolveMongo({ env: { WORKBOOK_MONGO_PROVIDER: 'embedded' }, log: (l) => lines.push(l) });
    try {
      expect(mongo.provider).toBe('embedded');
      expect(mongo.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/embedded engine.*no transactions/);
      const client = await MongoClient.connect(mongo.uri);
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      await client.close();
    } finally {
      await mongo.stop();
    }
  });

  it('uses MONGODB_URI when it answers, whatever WORKBOOK_MONGO_PROVIDER says', async () => {
    const server = await startEmbeddedMongo();
    try {
      const lines: string[] = [];
      const mongo = await resolveMongo({
        env: { MONGODB_URI: server.uri, WORKBOOK_MONGO_PROVIDER: 'embedded' },
        log: (l) => lines.push(l),
      });
      expect(mongo).toMatchObject({ provider: 'uri', uri: server.uri });
      expect(lines[0]).toContain(`MONGODB_URI (127.0.0.1:${server.port})`);
      await mongo.stop();
    } finally {
      await server.close();
    }
  });

  it('fails with a clear error, never falling back, when MONGODB_URI does not answer', async () => {
    const dead = await startEmbeddedMongo();
    const uri = `mongodb://alice:s3cret@127.0.0.1:${dead.port}/app`;
    await dead.close(); // nothing listens on that port any more
    const error = await resolveMongo({ env: { MONGODB_URI: uri }, uriTimeoutMs: 300, log: () => undefined }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MongoProviderError);
    expect((error as MongoProviderError).code).toBe('MONGO_URI_UNREACHABLE');
    expect((error as Error).message).toContain(`127.0.0.1:${dead.port}`);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('refuses an unknown WORKBOOK_MONGO_PROVIDER, listing the allowed values', () => {
    expect(() => providerChoice({ WORKBOOK_MONGO_PROVIDER: 'docker' })).toThrow(
      /WORKBOOK_MONGO_PROVIDER=docker is not a provider; allowed: auto, embedded, memory-server/,
    );
  });

  it('defaults the provider choice to auto', () => {
    expect(providerChoice({})).toBe('auto');
  });

  it('describes a URI by its hosts, never its credentials', () => {
    expect(describeHosts('mongodb://u:p@db1:27017,db2:27018/app?replicaSet=rs')).toBe('db1:27017,db2:27018');
    expect(describeHosts('mongodb+srv://u:p@cluster0.example.net/app')).toBe('cluster0.example.net');
  });
});
