import type { QueuedTask, TaskQueue } from '../../chapters/04-performance/task-queue.js';
import { TodoError } from '../../workbook/todo-error.js';

/**
 * A bounded queue for the chapter's pool that runs higher priorities first (first in, first out within one priority).
 * When full, a newcomer displaces the newest task of the lowest waiting priority if that priority is lower than its
 * own; otherwise the newcomer is turned away. Either way the pool rejects whoever is returned with QueueFullError.
 */
export function priorityQueue<T extends QueuedTask>(_capacity: number): TaskQueue<T> {
  // TODO(04.5): return a TaskQueue (chapters/04-performance/task-queue.ts) that behaves as described above:
  // - size: how many wait; capacity: as given; at most `capacity` wait at any time (0 turns everyone away);
  // - push returns the tasks turned away: none, the newcomer, or the one it displaced;
  // - shift hands out the highest priority first and, within a priority, the task that came first;
  // - remove takes out a waiting task and says whether it was there.
  // A capacity that is not a whole number >= 0 is a RangeError naming it.
  throw new TodoError('04.5');
}
