import { CodedError } from '../../../platform/errors/coded-error.js';

/** The gate's errors, under the workbook's one root `CodedError`: a stable `code`, a message saying what is allowed. */
export abstract class LoadGateError extends CodedError {}

/** A threshold expression that does not parse. Raised before any load is sent. */
export class ThresholdSyntaxError extends LoadGateError {
  readonly code = 'LOADTEST_THRESHOLD_INVALID';
}

/** Options that make no run (zero connections, no steps...). Raised before any load is sent. */
export class LoadGateOptionsError extends LoadGateError {
  readonly code = 'LOADTEST_OPTIONS_INVALID';
}

/** A target that is not on this machine, without the explicit opt-in. */
export class NonLoopbackTargetError extends LoadGateError {
  readonly code = 'LOADTEST_TARGET_NOT_LOOPBACK';
}

/** A target that refused, timed out or failed the probe request. */
export class TargetUnreachableError extends LoadGateError {
  readonly code = 'LOADTEST_TARGET_UNREACHABLE';
}
