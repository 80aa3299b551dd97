import { commandError } from '../command-error.js';
import { defaultIndexName, type IndexSpec } from '../indexes.js';
import { compileFilter } from '../query.js';
import type { Collection } from '../store.js';
import { isPlainDoc, type Doc } from '../values.js';
import { collectionName, optionalDoc, type CommandContext, type CommandHandler } from './context.js';

function existing(ctx: CommandContext): Collection {
  const name = collectionName(ctx);
  const coll = ctx.store.get(ctx.db, name);
  if (!coll) throw commandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  return coll;
}

const create: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  if (ctx.store.get(ctx.db, name))
    throw commandError('NamespaceExists', `Collection ${ctx.db}.${name} already exists.`);
  if (ctx.body.viewOn !== undefined || ctx.body.timeseries !== undefined) {
    throw commandError('CommandNotFound', 'the embedded engine does not support views or time series collections');
  }
  const { create: _name, $db: _db, lsid: _lsid, ...options } = ctx.body;
  ctx.store.ensure(ctx.db, name, options);
  return { ok: 1 };
};

const drop: CommandHandler = (ctx) => {
  const dropped = ctx.store.drop(ctx.db, collectionName(ctx));
  // Since MongoDB 7.0, dropping a missing collection succeeds.
  return dropped ? { nIndexesWas: dropped.indexes.size, ns: dropped.ns, ok: 1 } : { ok: 1 };
};

const dropDatabase: CommandHandler = (ctx) => {
  ctx.store.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

function collectionInfo(coll: Collection): Doc {
  return {
    name: coll.name,
    type: 'collection',
    options: coll.options,
    info: { readOnly: false, uuid: coll.uuid },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  };
}

const listCollections: CommandHandler = (ctx) => {
  const filter = compileFilter(optionalDoc(ctx.body, 'filter'));
  const colls = [...(ctx.store.databases.get(ctx.db)?.values() ?? [])];
  const infos = colls.map(collectionInfo).filter((info) => filter.matches(info));
  const docs = ctx.body.nameOnly === true ? infos.map((i) => ({ name: i.name, type: i.type })) : infos;
  const batchSize = optionalDoc(ctx.body, 'cursor')?.batchSize;
  return {
    cursor: ctx.cursors.openCursor(
      `${ctx.db}.$cmd.listCollections`,
      docs,
      typeof batchSize === 'number' ? batchSize : undefined,
    ),
    ok: 1,
  };
};

function parseIndexSpec(raw: Doc): IndexSpec {
  const key = raw.key;
  if (!isPlainDoc(key) || Object.keys(key).length === 0)
    throw commandError('BadValue', 'an index needs a non-empty "key" document');
  const pattern: Record<string, 1 | -1> = {};
  for (const [field, dir] of Object.entries(key)) {
    if (dir !== 1 && dir !== -1) {
      throw commandError(
        'CommandNotFound',
        `the embedded engine supports ascending (1) and descending (-1) indexes only, not ${String(dir)} on ${field}`,
      );
    }
    pattern[field] = dir;
  }
  const spec: IndexSpec = {
    v: 2,
    key: pattern,
    name: typeof raw.name === 'string' ? raw.name : defaultIndexName(pattern),
  };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (isPlainDoc(raw.partialFilterExpression)) spec.partialFilterExpression = raw.partialFilterExpression;
  if (typeof raw.expireAfterSeconds === 'number') spec.expireAfterSeconds = raw.expireAfterSeconds;
  return spec;
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return Boolean(a.unique) === Boolean(b.unique) && Boolean(a.sparse) === Boolean(b.sparse);
}

const createIndexes: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  const raw = ctx.body.indexes;
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every(isPlainDoc)) {
    throw commandError('BadValue', 'createIndexes needs a non-empty array "indexes"');
  }
  const specs = raw.map(parseIndexSpec);
  const created = !ctx.store.get(ctx.db, name);
  const coll = ctx.store.ensure(ctx.db, name);
  const before = coll.indexes.size;
  for (const spec of specs) {
    const sameName = coll.indexes.get(spec.name);
    const sameKey = [...coll.indexes.values()].find((i) => JSON.stringify(i.spec.key) === JSON.stringify(spec.key));
    if (sameName && JSON.stringify(sameName.spec.key) !== JSON.stringify(spec.key)) {
      throw commandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index: ${spec.name}`,
      );
    }
    if (sameKey && (sameKey.name !== spec.name || !sameOptions(sameKey.spec, spec))) {
      throw commandError(
        'IndexOptionsConflict',
        `Index already exists with a different name or options: ${sameKey.name}`,
      );
    }
    if (!sameKey) coll.createIndex(spec);
  }
  const after = coll.indexes.size;
  return {
    numIndexesBefore: before,
    numIndexesAfter: after,
    createdCollectionAutomatically: created,
    ...(before === after ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
};

const listIndexes: CommandHandler = (ctx) => {
  const coll = existing(ctx);
  const docs = [...coll.indexes.values()].map((i) => ({ ...i.spec }));
  return { cursor: ctx.cursors.openCursor(coll.ns, docs), ok: 1 };
};

const dropIndexes: CommandHandler = (ctx) => {
  const coll = existing(ctx);
  const before = coll.indexes.size;
  const which = ctx.body.index;
  if (which === '*') {
    for (const name of [...coll.indexes.keys()]) if (name !== '_id_') coll.dropIndex(name);
  } else if (typeof which === 'string') {
    coll.dropIndex(which);
  } else if (Array.isArray(which)) {
    for (const name of which) coll.dropIndex(String(name));
  } else if (isPlainDoc(which)) {
    const match = [...coll.indexes.values()].find((i) => JSON.stringify(i.spec.key) === JSON.stringify(which));
    if (!match) throw commandError('IndexNotFound', `can't find index with key: ${JSON.stringify(which)}`);
    coll.dropIndex(match.name);
  } else {
    throw commandError('TypeMismatch', 'dropIndexes needs "index": a name, a key pattern, an array of names or "*"');
  }
  return { nIndexesWas: before, ok: 1 };
};

export const ddlCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
