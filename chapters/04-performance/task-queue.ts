// #region queue
/** What a queue needs to know about a waiting task. */
export interface QueuedTask {
  readonly id: number;
  /** Higher runs sooner in queues that care; the FIFO queue ignores it. Default 0. */
  readonly priority: number;
  /** For messages: `tasks/fib.ts`. */
  readonly task: string;
}

/** Where tasks wait for a free worker. The pool asks the queue who to turn away; it rejects them itself. */
export interface TaskQueue<T extends QueuedTask = QueuedTask> {
  readonly size: number;
  readonly capacity: number;
  /** Adds `item`; returns the tasks turned away (usually none, or `item` itself when full). */
  push(item: T): readonly T[];
  shift(): T | undefined;
  /** Takes out a task that was aborted while waiting; false if it was not there. */
  remove(item: T): boolean;
}
// #endregion queue

/** First in, first out, at most `capacity` waiting; a task that arrives when it is full is turned away. */
export function fifoQueue<T extends QueuedTask>(capacity: number): TaskQueue<T> {
  if (!(capacity >= 0)) throw new RangeError(`queue capacity must be >= 0, got ${capacity}`);
  let items: T[] = [];
  let head = 0;
  return {
    get size() {
      return items.length - head;
    },
    capacity,
    push: (item) => {
      if (items.length - head >= capacity) return [item];
      items.push(item);
      return [];
    },
    shift: () => {
      if (head === items.length) return undefined;
      const item = items[head];
      head += 1;
      // Compact now and then, so shift stays O(1) without the array growing forever.
      if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      }
      return item;
    },
    remove: (item) => {
      const index = items.indexOf(item, head);
      if (index === -1) return false;
      items.splice(index, 1);
      return true;
    },
  };
}
