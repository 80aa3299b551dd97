import { commandError } from './command-error.js';
import { isPlainDoc, type Doc } from './values.js';

/** The `data` of mongod's `failCommand` fail point that the engine honours. */
export interface FailCommandData {
  failCommands: string[];
  errorCode?: number;
  closeConnection?: boolean;
  blockConnection?: boolean;
  blockTimeMS?: number;
  appName?: string;
  errorLabels?: string[];
  writeConcernError?: Doc;
}

interface Active {
  data: FailCommandData;
  /** How many more matching commands it applies to (Infinity for alwaysOn). */
  remaining: number;
  /** How many matching commands to let through first (mode: { skip: n }). */
  skip: number;
}

/**
 * `configureFailPoint: 'failCommand'`, as mongod offers with test commands enabled: makes chosen commands fail,
 * close the connection or stall, for every call, the next `times` calls, or after `skip` calls, until `mode: 'off'`.
 */
export class FailPoints {
  private active: Active | undefined;

  /** Handles the command body; answers `{ count }` like mongod (how often the previous setting fired is not tracked). */
  configure(body: Doc): Doc {
    if (body.configureFailPoint !== 'failCommand') {
      throw commandError(
        'BadValue',
        `the embedded engine offers only the failCommand fail point, not ${String(body.configureFailPoint)}`,
      );
    }
    const mode = body.mode;
    if (mode === 'off') {
      this.active = undefined;
      return { count: 0, ok: 1 };
    }
    const data = body.data;
    if (
      !isPlainDoc(data) ||
      !Array.isArray(data.failCommands) ||
      !data.failCommands.every((c) => typeof c === 'string')
    ) {
      throw commandError('BadValue', 'failCommand needs data.failCommands, an array of command names');
    }
    let remaining = Number.POSITIVE_INFINITY;
    let skip = 0;
    if (isPlainDoc(mode) && typeof mode.times === 'number') remaining = mode.times;
    else if (isPlainDoc(mode) && typeof mode.skip === 'number') skip = mode.skip;
    else if (mode !== 'alwaysOn') {
      throw commandError(
        'BadValue',
        `fail point mode must be 'alwaysOn', 'off', { times: n } or { skip: n }, got ${JSON.stringify(mode)}`,
      );
    }
    this.active = { data: data as unknown as FailCommandData, remaining, skip };
    return { count: 0, ok: 1 };
  }

  /** The fail point's data if it applies to this command now (consuming one of its `times`). */
  take(command: string, appName: string | undefined): FailCommandData | undefined {
    const active = this.active;
    if (!active || command === 'configureFailPoint' || !active.data.failCommands.includes(command)) return undefined;
    if (active.data.appName !== undefined && active.data.appName !== appName) return undefined;
    if (active.skip > 0) {
      active.skip--;
      return undefined;
    }
    active.remaining--;
    if (active.remaining <= 0) this.active = undefined;
    return active.data;
  }
}
