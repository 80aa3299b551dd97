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

/**
 * Turns the events of a classic Docker build stream, in order, into steps, cache hits and, for a failed build, the
 * step and output that failed.
 *
 * - An event's `stream` may hold several lines; blank lines count for nothing.
 * - `Step N/M : INSTRUCTION` starts a step. ` ---> Using cache` marks the current step cached. Other lines that
 *   start with ` ---> `, and `Removing intermediate container ...`, `Successfully built ...` and
 *   `Successfully tagged ...` lines, are the builder's bookkeeping, part of no output. Every other line is output
 *   of the current step (none before the first step).
 * - The first event that reports an error, with the message the chapter's pipeline reads from it, is the failure:
 *   it names the step running then (if any), its instruction and its last 5 output lines; events after it are
 *   ignored.
 * - An event's `aux.ID` is the image id. A stream that ends without an error but without an image id failed too,
 *   with the message "the stream ended without an image id".
 * - `ok` is true only without a failure; `imageId` is set only when ok; `cachedSteps` counts the cached steps.
 */
export function summariseBuildLog(_events: readonly DockerProgressEvent[]): BuildLogSummary {
  // TODO(08.4): build the summary described above.
  throw new TodoError('08.4');
}
