import type { QueuedTask, TaskQueue } from '../../chapters/04-performance/task-queue.js';
import { TodoError } from '../../workbook/todo-error.js';

/**
 * A bounded queue for the chapter's pool that runs higher priorities first (first in, first out within one priority).
 * When full, a newcomer displaces the newest task of the lowest waiting priority if that priority is lower than its
 * own; otherwise the newcomer is turned away. Either way the pool rejects whoever is returned with QueueFullError.
 */
export function priorityQueue<T extends QueuedTask>(_capacity: number): TaskQueue<T> {
  // TODO(04.5): implement the TaskQueue interface of chapters/04-performance/task-queue.ts (see fifoQueue there):
  // size, capacity, push (returns the tasks turned away), shift (highest priority, oldest first), remove.
  // A capacity that is not a whole number >= 0 throws a RangeError.
  throw new TodoError('04.5');
}
