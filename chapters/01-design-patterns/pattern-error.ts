import { CodedError } from '../../platform/errors/coded-error.js';

/**
 * Chapter 1's errors, under the workbook's one root `CodedError` (stable `code`, class `name`, optional `cause`).
 * Callers branch on `code` (or `instanceof`), never on message text.
 */
export abstract class PatternError extends CodedError {}
