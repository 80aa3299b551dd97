import { serialize } from 'bson';
import { CommandError, commandError } from '../command-error.js';
import type { DocRecord } from '../indexes.js';
import { project, runQuery } from '../query.js';
import type { Collection } from '../store.js';
import { applyUpdate, parseUpdate, upsertSeed, withId, type UpdateSpec } from '../update.js';
import type { Doc } from '../values.js';
import { collectionName, optionalDoc, optionalDocs, type CommandContext, type CommandHandler } from './context.js';

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [extra: string]: unknown;
}

/** Runs each statement; ordered stops at the first failure, unordered carries on (MongoDB's bulk semantics). */
function eachStatement<T>(ctx: CommandContext, items: T[], run: (item: T, index: number) => void): WriteError[] {
  const ordered = ctx.body.ordered !== false;
  const errors: WriteError[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i] as T, i);
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      errors.push({ index: i, code: err.serverCode, errmsg: err.message, ...err.details });
      if (ordered) break;
    }
  }
  return errors;
}

function withErrors(reply: Doc, errors: WriteError[]): Doc {
  return errors.length > 0 ? { ...reply, writeErrors: errors, ok: 1 } : { ...reply, ok: 1 };
}

function statements(ctx: CommandContext, field: string): Doc[] {
  const docs = optionalDocs(ctx.body, field);
  if (!docs) throw commandError('FailedToParse', `${ctx.name} needs an array "${field}"`);
  return docs;
}

const insert: CommandHandler = (ctx) => {
  const docs = statements(ctx, 'documents');
  const coll = ctx.store.ensure(ctx.db, collectionName(ctx));
  let n = 0;
  const errors = eachStatement(ctx, docs, (doc) => {
    coll.insert(withId(doc));
    n++;
  });
  return withErrors({ n }, errors);
};

function isModified(before: Doc, after: Doc): boolean {
  return Buffer.compare(serialize(before), serialize(after)) !== 0;
}

/** Inserts the document an upsert builds from the filter's equalities and the update. */
function upsert(coll: Collection, filter: Doc, spec: UpdateSpec, arrayFilters: Doc[] | undefined): DocRecord {
  const seed = upsertSeed(filter);
  const base = spec.kind === 'replacement' ? (seed._id === undefined ? {} : { _id: seed._id }) : seed;
  const doc = withId(applyUpdate(base, spec, arrayFilters, true));
  return coll.insert(doc);
}

const update: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  const coll = ctx.store.get(ctx.db, name);
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const errors = eachStatement(ctx, statements(ctx, 'updates'), (stmt, index) => {
    const spec = parseUpdate(stmt.u);
    const multi = stmt.multi === true;
    if (multi && spec.kind === 'replacement') {
      throw commandError('FailedToParse', 'multi update is not supported for replacement-style update');
    }
    const filter = optionalDoc(stmt, 'q') ?? {};
    const arrayFilters = optionalDocs(stmt, 'arrayFilters');
    const { records } = runQuery(coll, { filter, sort: optionalDoc(stmt, 'sort'), limit: multi ? undefined : 1 });
    if (records.length === 0 && stmt.upsert === true) {
      const rec = upsert(ctx.store.ensure(ctx.db, name), filter, spec, arrayFilters);
      upserted.push({ index, _id: rec.doc._id });
      n++;
      return;
    }
    for (const rec of records) {
      const next = applyUpdate(rec.doc, spec, arrayFilters, false);
      n++;
      if (isModified(rec.doc, next)) {
        coll?.replace(rec, next);
        nModified++;
      }
    }
  });
  return withErrors({ n, nModified, ...(upserted.length > 0 ? { upserted } : {}) }, errors);
};

const remove: CommandHandler = (ctx) => {
  const coll = ctx.store.get(ctx.db, collectionName(ctx));
  let n = 0;
  const errors = eachStatement(ctx, statements(ctx, 'deletes'), (stmt) => {
    const limit = Number(stmt.limit ?? 0);
    if (limit !== 0 && limit !== 1) throw commandError('FailedToParse', `delete limit must be 0 or 1, got ${limit}`);
    const { records } = runQuery(coll, { filter: optionalDoc(stmt, 'q') ?? {}, limit: limit === 1 ? 1 : undefined });
    for (const rec of records) {
      coll?.remove(rec);
      n++;
    }
  });
  return withErrors({ n }, errors);
};

const findAndModify: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  const filter = optionalDoc(ctx.body, 'query') ?? {};
  const fields = optionalDoc(ctx.body, 'fields');
  const shape = (doc: Doc | undefined): Doc | null => (doc ? (project([doc], fields)[0] ?? null) : null);
  const removing = ctx.body.remove === true;
  if (removing === (ctx.body.update !== undefined)) {
    throw commandError('FailedToParse', 'findAndModify needs exactly one of "remove: true" or "update"');
  }
  const coll = removing ? ctx.store.get(ctx.db, name) : ctx.store.ensure(ctx.db, name);
  const [rec] = runQuery(coll, { filter, sort: optionalDoc(ctx.body, 'sort'), limit: 1 }).records;
  if (removing) {
    if (rec) coll?.remove(rec);
    return { lastErrorObject: { n: rec ? 1 : 0 }, value: shape(rec?.doc), ok: 1 };
  }
  const target = coll as Collection;
  const spec = parseUpdate(ctx.body.update);
  const arrayFilters = optionalDocs(ctx.body, 'arrayFilters');
  const returnNew = ctx.body.new === true;
  if (!rec) {
    if (ctx.body.upsert !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const created = upsert(target, filter, spec, arrayFilters);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: created.doc._id },
      value: returnNew ? shape(created.doc) : null,
      ok: 1,
    };
  }
  const before = rec.doc;
  const next = applyUpdate(before, spec, arrayFilters, false);
  if (isModified(before, next)) target.replace(rec, next);
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(returnNew ? next : before), ok: 1 };
};

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
};
