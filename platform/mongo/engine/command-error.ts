/** A command failure answered to the client as `{ ok: 0, errmsg, code, codeName }`, with MongoDB's code and name. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    /** Extra fields for the reply, e.g. `keyPattern` and `keyValue` on a duplicate key. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CommandError';
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
  DuplicateKey: [11000, 'DuplicateKey'],
  Location40324: [40324, 'Location40324'],
} as const satisfies Record<string, readonly [number, string]>;

/** Builds a CommandError from an entry of {@link ErrorCodes}. */
export function commandError(
  kind: keyof typeof ErrorCodes,
  message: string,
  details?: Record<string, unknown>,
): CommandError {
  const [code, codeName] = ErrorCodes[kind];
  return new CommandError(code, codeName, message, details);
}
