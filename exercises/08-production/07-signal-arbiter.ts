import type { ShutdownSignal } from '../../chapters/08-production/graceful-shutdown.js';
import { TodoError } from '../../workbook/todo-error.js';

export type { ShutdownSignal };

/** What the process should do about a signal it just received. */
export type SignalDecision = 'start-shutdown' | 'ignore-duplicate' | 'force-exit';

/**
 * Decides what each SIGTERM/SIGINT means. A terminal sends Ctrl+C to the whole process group, so a service started
 * through `npm run` may receive the same signal twice within milliseconds: that duplicate must not skip the graceful
 * path, while an operator's genuine second signal must end the process now.
 *
 * - The constructor takes the duplicate window in milliseconds: a finite number >= 0, or a RangeError whose message
 *   names `duplicateWindowMs`.
 * - `receive(signal, now)`, with `now` in monotonic milliseconds, returns:
 *   - `'start-shutdown'` for the first signal the arbiter ever receives (either kind);
 *   - `'ignore-duplicate'` for a later signal of the same kind as the first, received less than the window after the
 *     first one;
 *   - `'force-exit'` for every other later signal: a different kind, or the same kind once the window has passed
 *     (exactly at the window's end included).
 * - The window is measured from the first signal: ignored duplicates never extend it. With a window of 0, every
 *   later signal forces.
 */
export class SignalArbiter {
  constructor(_duplicateWindowMs: number) {
    // TODO(08.7): validate and keep what receive() needs.
    throw new TodoError('08.7');
  }

  receive(_signal: ShutdownSignal, _now: number): SignalDecision {
    // TODO(08.7): return the decision described above.
    throw new TodoError('08.7');
  }
}
