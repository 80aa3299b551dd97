import { CodedError } from '../../errors/coded-error.js';
import { DUPLICATE_KEY } from '../server-error-codes.js';

/**
 * A command failure answered to the client as `{ ok: 0, errmsg, code, codeName }`. MongoDB's number travels as
 * `serverCode`; its stable name (`DuplicateKey`) is the error's `code`, as for every error of the workbook.
 */
export class CommandError extends CodedError {
  constructor(
    readonly serverCode: number,
    readonly code: string,
    message: string,
    /** Extra fields for the reply, e.g. `keyPattern` and `keyValue` on a duplicate key. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** MongoDB's error codes the engine answers with (names as in mongod's error_codes.yml). */
export const ErrorCodes = {
  InternalError: [1, 'InternalError'],
  BadValue: [2, 'BadValue'],
  FailedToParse: [9, 'FailedToParse'],
  TypeMismatch: [14, 'TypeMismatch'],
  IllegalOperation: [20, 'IllegalOperation'],
  InvalidBSON: [22, 'InvalidBSON'],
  NamespaceNotFound: [26, 'NamespaceNotFound'],
  IndexNotFound: [27, 'IndexNotFound'],
  CursorNotFound: [43, 'CursorNotFound'],
  NamespaceExists: [48, 'NamespaceExists'],
  CommandNotFound: [59, 'CommandNotFound'],
  ImmutableField: [66, 'ImmutableField'],
  InvalidOptions: [72, 'InvalidOptions'],
  InvalidNamespace: [73, 'InvalidNamespace'],
  IndexOptionsConflict: [85, 'IndexOptionsConflict'],
  IndexKeySpecsConflict: [86, 'IndexKeySpecsConflict'],
  CannotIndexParallelArrays: [171, 'CannotIndexParallelArrays'],
  UnsupportedOpQueryCommand: [352, 'UnsupportedOpQueryCommand'],
  DuplicateKey: [DUPLICATE_KEY, 'DuplicateKey'],
  Location40324: [40324, 'Location40324'],
} as const satisfies Record<string, readonly [number, string]>;

/** Builds a CommandError from an entry of {@link ErrorCodes}. */
export function commandError(
  kind: keyof typeof ErrorCodes,
  message: string,
  details?: Record<string, unknown>,
): CommandError {
  const [serverCode, codeName] = ErrorCodes[kind];
  return new CommandError(serverCode, codeName, message, details);
}
