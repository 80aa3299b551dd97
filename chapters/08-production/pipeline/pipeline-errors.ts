import { CodedError } from '../../../platform/errors/coded-error.js';

/** The pipeline's errors: one base with a stable `code`, so the CLI and CI logs can tell the failures apart. */

export type PipelineErrorCode =
  | 'BUILD_FAILED'
  | 'PUSH_FAILED'
  | 'IMAGE_REFERENCE_INVALID'
  | 'APPLY_FAILED'
  | 'ROLLOUT_FAILED'
  | 'ROLLOUT_TIMEOUT'
  | 'MANIFEST_INVALID';

export class PipelineError extends CodedError {
  constructor(
    readonly code: PipelineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The image build reported an error, or its stream ended without saying it succeeded. */
export class BuildFailedError extends PipelineError {
  constructor(
    message: string,
    /** The last lines of build output, for the CI log. */
    readonly logTail: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super('BUILD_FAILED', message, options);
  }
}

export class PushFailedError extends PipelineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('PUSH_FAILED', message, options);
  }
}

export class ImageReferenceError extends PipelineError {
  constructor(message: string) {
    super('IMAGE_REFERENCE_INVALID', message);
  }
}

export class ApplyFailedError extends PipelineError {
  constructor(
    message: string,
    /** The HTTP status the API answered with, when there was one (409 is a field-ownership conflict). */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super('APPLY_FAILED', message, options);
  }
}

export class ManifestError extends PipelineError {
  constructor(message: string) {
    super('MANIFEST_INVALID', message);
  }
}
