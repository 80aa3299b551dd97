import { afterEach, describe, expect, it } from 'vitest';
import { QueueFullError } from '../../../chapters/04-performance/pool-errors.js';
import type { QueuedTask } from '../../../chapters/04-performance/task-queue.js';
import { createWorkerPool, type WorkerPool } from '../../../chapters/04-performance/worker-pool.js';
import { priorityQueue } from '#exercise/04-performance/05-priority-queue';

let id = 0;
const item = (priority: number): QueuedTask => ({ id: ++id, priority, task: `task-${id}` });
const drain = (queue: { shift(): QueuedTask | undefined }): number[] => {
  const order: number[] = [];
  for (let next = queue.shift(); next; next = queue.shift()) order.push(next.id);
  return order;
};

describe('04.5 a bounded priority queue for the pool', () => {
  it('hands out higher priorities first, and arrival order within a priority', () => {
    const queue = priorityQueue(10);
    const [low, high1, normal, high2] = [item(0), item(5), item(1), item(5)];
    for (const task of [low, high1, normal, high2]) expect(queue.push(task)).toEqual([]);
    expect(queue.size).toBe(4);
    expect(drain(queue)).toEqual([high1.id, high2.id, normal.id, low.id]);
  });

  it('turns a newcomer away when full and nothing waiting ranks below it', () => {
    const queue = priorityQueue(2);
    queue.push(item(3));
    queue.push(item(3));
    const late = item(3);
    expect(queue.push(late)).toEqual([late]);
    expect(queue.size).toBe(2);
  });

  it('lets a more urgent newcomer displace the newest of the lowest priority', () => {
    const queue = priorityQueue(3);
    const [a, b, c] = [item(0), item(0), item(2)];
    for (const task of [a, b, c]) queue.push(task);
    const urgent = item(9);
    expect(queue.push(urgent)).toEqual([b]);
    expect(drain(queue)).toEqual([urgent.id, c.id, a.id]);
  });

  it('places a newcomer after every task of its own or higher priority and before every lower one', () => {
    const queue = priorityQueue(10);
    const [low, mid1, high, mid2] = [item(1), item(3), item(7), item(3)];
    for (const task of [low, mid1, high, mid2]) queue.push(task);
    const late = item(3);
    queue.push(late);
    expect(drain(queue)).toEqual([high.id, mid1.id, mid2.id, late.id, low.id]);
  });

  it('counts what is waiting as tasks come and go', () => {
    const queue = priorityQueue(3);
    const [a, b] = [item(0), item(1)];
    queue.push(a);
    queue.push(b);
    queue.shift();
    expect(queue.size).toBe(1);
    queue.remove(a);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it('with capacity 0 turns every task away, however urgent', () => {
    const queue = priorityQueue(0);
    const urgent = item(9);
    expect(queue.push(urgent)).toEqual([urgent]);
    expect(queue.size).toBe(0);
  });

  it('removes an aborted task and reports whether it was there', () => {
    const queue = priorityQueue(3);
    const [a, b] = [item(1), item(1)];
    queue.push(a);
    queue.push(b);
    expect(queue.remove(a)).toBe(true);
    expect(queue.remove(a)).toBe(false);
    expect(drain(queue)).toEqual([b.id]);
  });

  it('states its capacity and refuses a capacity that is not a whole number', () => {
    expect(priorityQueue(4).capacity).toBe(4);
    expect(() => priorityQueue(-1)).toThrow(RangeError);
    expect(() => priorityQueue(1.5)).toThrow(RangeError);
    expect(() => priorityQueue(1.5)).toThrow('1.5');
  });

  describe('in the chapter pool', () => {
    let pool: WorkerPool | undefined;
    afterEach(async () => {
      await pool?.destroy();
    });

    it('runs urgent tasks first and rejects a displaced one with QueueFullError', async () => {
      pool = createWorkerPool({ size: 1, queue: priorityQueue(2) });
      const slow = new URL('../../chapters/04-performance/fixtures/tasks/delayed-echo.ts', import.meta.url);
      const finished: string[] = [];
      const track = (name: string, priority: number): Promise<void> =>
        pool!.run({ module: slow, data: { value: 0, delayMs: 30 }, priority }).then(() => void finished.push(name));
      const running = track('first', 0);
      const low = track('low', 0);
      const normal = track('normal', 1);
      const urgent = track('urgent', 5);
      await expect(low).rejects.toThrow(QueueFullError);
      await Promise.all([running, normal, urgent]);
      expect(finished).toEqual(['first', 'urgent', 'normal']);
    });
  });
});
