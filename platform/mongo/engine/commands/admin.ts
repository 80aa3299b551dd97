import { MAX_MESSAGE_BYTES } from '../wire.js';
import type { CommandHandler } from './context.js';

/** 21 is MongoDB 7.0's wire version; the driver needs at least 8 (MongoDB 4.2). */
export const MAX_WIRE_VERSION = 21;
export const ENGINE_VERSION = '7.0.0';

// No topologyVersion (it would switch the driver to streaming monitoring) and no compression offer.
const hello: CommandHandler = (ctx) => ({
  helloOk: true,
  ...(ctx.name === 'hello' ? { isWritablePrimary: true } : { ismaster: true }),
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: MAX_MESSAGE_BYTES,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: ctx.connectionId,
  minWireVersion: 0,
  maxWireVersion: MAX_WIRE_VERSION,
  readOnly: false,
  ok: 1,
});

function buildInfo(): Record<string, unknown> {
  return {
    version: ENGINE_VERSION,
    gitVersion: 'workbook-embedded-engine',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    maxBsonObjectSize: 16 * 1024 * 1024,
    storageEngines: ['embedded'],
    ok: 1,
  };
}

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  buildInfo,
  buildinfo: buildInfo,
  listDatabases: (ctx) => {
    const nameOnly = ctx.body.nameOnly === true;
    const databases = [...ctx.store.databases.entries()].map(([name, colls]) =>
      nameOnly ? { name } : { name, sizeOnDisk: 0, empty: [...colls.values()].every((c) => c.size === 0) },
    );
    return nameOnly ? { databases, ok: 1 } : { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
  },
  endSessions: () => ({ ok: 1 }),
  configureFailPoint: (ctx) => ctx.failPoints.configure(ctx.body),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  whatsmyuri: (ctx) => ({ you: `connection ${ctx.connectionId}`, ok: 1 }),
};
