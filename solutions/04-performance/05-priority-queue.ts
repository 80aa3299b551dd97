import type { QueuedTask, TaskQueue } from '../../chapters/04-performance/task-queue.js';

/**
 * A bounded queue for the chapter's pool that runs higher priorities first (first in, first out within one priority).
 * When full, a newcomer displaces the newest task of the lowest waiting priority if that priority is lower than its
 * own; otherwise the newcomer is turned away. Either way the pool rejects whoever is returned with QueueFullError.
 */
export function priorityQueue<T extends QueuedTask>(capacity: number): TaskQueue<T> {
  if (!Number.isInteger(capacity) || capacity < 0)
    throw new RangeError(`capacity must be a whole number >= 0, got ${capacity}`);
  // Kept sorted: highest priority first, arrival order within a priority. Queues are short; a splice is fine.
  const items: T[] = [];
  const insert = (item: T): void => {
    let at = items.length;
    while (at > 0 && items[at - 1]!.priority < item.priority) at -= 1;
    items.splice(at, 0, item);
  };
  return {
    get size() {
      return items.length;
    },
    capacity,
    push: (item) => {
      if (items.length < capacity) {
        insert(item);
        return [];
      }
      const lowest = items[items.length - 1];
      if (lowest === undefined || lowest.priority >= item.priority) return [item];
      items.pop();
      insert(item);
      return [lowest];
    },
    shift: () => items.shift(),
    remove: (item) => {
      const at = items.indexOf(item);
      if (at === -1) return false;
      items.splice(at, 1);
      return true;
    },
  };
}
