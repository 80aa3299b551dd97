import { CodedError } from '../platform/errors/coded-error.js';

/** A mistake in how the CLI was called: printed without a stack, exit code 2. */
export class UsageError extends CodedError {
  readonly code = 'WORKBOOK_USAGE';
}
