import { TodoError } from '../../workbook/todo-error.js';
import type { DockerProgressEvent } from '../../chapters/08-production/pipeline/docker-progress.js';

/** One `Step N/M : INSTRUCTION` of a classic Docker build, with the output its command printed. */
export interface BuildStep {
  readonly number: number;
  readonly total: number;
  readonly instruction: string;
  /** True when the builder printed ` ---> Using cache` for it. */
  readonly cached: boolean;
  /** What the step's command printed, without the builder's own ` ---> ...` and bookkeeping lines. */
  readonly output: readonly string[];
}

export interface BuildFailure {
  /** The step that was running, if any step had started. */
  readonly step: number | undefined;
  readonly instruction: string | undefined;
  readonly message: string;
  /** The last (up to 5) output lines of the failing step: usually the compiler's or npm's actual error. */
  readonly lastOutput: readonly string[];
}

export interface BuildLogSummary {
  readonly ok: boolean;
  readonly imageId: string | undefined;
  readonly steps: readonly BuildStep[];
  readonly cachedSteps: number;
  readonly failure: BuildFailure | undefined;
}

/** Turns the events of a build stream into steps, cache hits and, for a failed build, the step and output that failed. */
export function summariseBuildLog(_events: readonly DockerProgressEvent[]): BuildLogSummary {
  // TODO(08.4): walk the events in order. Split each `stream` into lines; "Step N/M : INSTRUCTION" starts a step,
  // " ---> Using cache" marks the current step cached, other " ---> ..." lines and "Removing intermediate
  // container", "Successfully built/tagged" lines are the builder's bookkeeping; every other line is output of the
  // current step. The first event the chapter's dockerEventError() reports is the failure (ignore what follows).
  // A build without an error but without aux.ID also failed ("the stream ended without an image id").
  throw new TodoError('08.4');
}
