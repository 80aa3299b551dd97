import { CodedError } from '../../platform/errors/coded-error.js';

/**
 * Chapter 7's errors, under the workbook's one root `CodedError` (stable `code`, class `name`, optional `cause`),
 * with messages that say what was wrong and what is allowed. Callers branch on `code` (or `instanceof`), never on
 * message text.
 */
export abstract class DatabaseChapterError extends CodedError {}

/** An option outside its allowed range (batch size, reservoir size, ...). */
export class InvalidOptionError extends DatabaseChapterError {
  readonly code = 'DB_INVALID_OPTION';
}

/** Command monitoring was asked of a client created without `monitorCommands: true`. */
export class MonitoringDisabledError extends DatabaseChapterError {
  readonly code = 'DB_MONITORING_DISABLED';
}

/** Keyset pagination on a field no unique index guarantees: pages could skip or repeat documents. */
export class KeysetKeyNotUniqueError extends DatabaseChapterError {
  readonly code = 'DB_KEYSET_KEY_NOT_UNIQUE';
}

/** Keyset pagination over keys of more than one BSON type: `$gt` compares within one type, so batches stop early. */
export class KeysetMixedKeyTypesError extends DatabaseChapterError {
  readonly code = 'DB_KEYSET_MIXED_KEY_TYPES';
}
