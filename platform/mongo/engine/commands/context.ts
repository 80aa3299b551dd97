import type { Long } from 'bson';
import { commandError } from '../command-error.js';
import type { CursorRegistry } from '../cursors.js';
import type { FailPoints } from '../fail-points.js';
import type { Store } from '../store.js';
import { isPlainDoc, type Doc } from '../values.js';

/** Everything a command handler may use; handlers are synchronous so each command is atomic. */
export interface CommandContext {
  readonly name: string;
  readonly db: string;
  readonly body: Doc;
  readonly store: Store;
  readonly cursors: CursorRegistry;
  readonly failPoints: FailPoints;
  readonly connectionId: number;
}

export type CommandHandler = (ctx: CommandContext) => Doc;

/** The collection name a command names in its first field, e.g. `{ find: 'users' }`. */
export function collectionName(ctx: CommandContext): string {
  const value = ctx.body[ctx.name];
  if (typeof value !== 'string' || value.length === 0) {
    throw commandError('InvalidNamespace', `collection name has invalid type ${typeof value} in ${ctx.name}`);
  }
  return value;
}

/** An optional document field; anything else present is a TypeMismatch naming the field. */
export function optionalDoc(body: Doc, field: string): Doc | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainDoc(v)) throw commandError('TypeMismatch', `${field} must be a document`);
  return v;
}

/** An optional number field (int, long or double on the wire). */
export function optionalNumber(body: Doc, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  const n =
    typeof v === 'number' ? v : typeof (v as Long).toNumber === 'function' ? (v as Long).toNumber() : Number.NaN;
  if (Number.isNaN(n)) throw commandError('TypeMismatch', `${field} must be a number`);
  return n;
}

/** An optional array-of-documents field. */
export function optionalDocs(body: Doc, field: string): Doc[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every(isPlainDoc))
    throw commandError('TypeMismatch', `${field} must be an array of documents`);
  return v;
}
