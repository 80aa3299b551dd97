import { CommandError, commandError } from '../command-error.js';
import type { Doc } from '../values.js';
import type { CommandRequest } from '../wire.js';
import { adminCommands } from './admin.js';
import type { CommandContext, CommandHandler } from './context.js';
import { ddlCommands } from './ddl.js';
import { explain } from './explain.js';
import { readCommands } from './read.js';
import { writeCommands } from './write.js';

const handlers: Record<string, CommandHandler> = {
  ...adminCommands,
  ...readCommands,
  ...writeCommands,
  ...ddlCommands,
  explain,
};

/** Commands that only exist for transactions, which a standalone server (and so the engine) refuses. */
const TRANSACTION_COMMANDS = new Set(['commitTransaction', 'abortTransaction']);
const HANDSHAKE_COMMANDS = new Set(['hello', 'isMaster', 'ismaster']);

/** Why a command failed, in the reply shape MongoDB uses. */
export function errorReply(err: CommandError): Doc {
  return { ok: 0, errmsg: err.message, code: err.serverCode, codeName: err.code, ...err.details };
}

export type DispatchContext = Omit<CommandContext, 'name' | 'db' | 'body'>;

/** Resolves the command a request names and runs it; throws CommandError for anything refused. */
export function runCommand(request: CommandRequest, base: DispatchContext): Doc {
  const body = request.body;
  const name = Object.keys(body)[0];
  if (name === undefined) throw commandError('FailedToParse', 'empty command document');
  if (request.legacy && !HANDSHAKE_COMMANDS.has(name)) {
    throw commandError(
      'UnsupportedOpQueryCommand',
      `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`,
    );
  }
  const db = request.legacy ? ((request.collection ?? 'admin').split('.')[0] ?? 'admin') : body.$db;
  if (typeof db !== 'string' || db.length === 0)
    throw commandError('FailedToParse', `OP_MSG command ${name} has no $db field`);
  if (TRANSACTION_COMMANDS.has(name) || body.txnNumber !== undefined || body.startTransaction !== undefined) {
    throw commandError(
      'IllegalOperation',
      'Transaction numbers are only allowed on a replica set member or mongos (the embedded engine is a standalone server without transactions)',
    );
  }
  const handler = handlers[name];
  if (!handler) {
    throw commandError(
      'CommandNotFound',
      `no such command: '${name}': the embedded engine does not support it; use real MongoDB (MONGODB_URI) for it`,
    );
  }
  return handler({ ...base, name, db, body });
}
