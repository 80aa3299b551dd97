/**
 * Query statistics from the driver's command monitoring: every command the client sends is timed by the driver
 * (`commandStarted`, then `commandSucceeded` or `commandFailed`) and filed under its query shape. Memory is bounded
 * three ways: a fixed-size reservoir of durations per shape, a cap on the number of shapes (the least recently seen
 * is evicted), and a cap on commands in flight.
 */
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import { InvalidOptionError, MonitoringDisabledError } from './database-error.js';
import { commandShape, shapeKey, type QueryShape } from './query-shape.js';

export interface QueryStatsOptions {
  /** Shapes kept at most; the least recently seen is dropped when a new one arrives (default 500). */
  maxShapes?: number;
  /** Durations kept per shape for percentiles, by reservoir sampling (default 256). */
  samplesPerShape?: number;
  /** Commands in flight tracked at most (default 10,000); beyond it the oldest is forgotten and counted. */
  maxInFlight?: number;
  /** Which commands to record (default: reads and writes on collections). */
  operations?: readonly string[];
  /** Random source for the reservoir, injectable so tests are repeatable (default Math.random). */
  random?: () => number;
}

/** What one shape cost, as `snapshot()` reports it. */
export interface ShapeStats {
  readonly key: string;
  readonly shape: QueryShape;
  readonly count: number;
  readonly failures: number;
  readonly totalMs: number;
  readonly maxMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** Durations held for the percentiles: never more than `samplesPerShape`. */
  readonly samples: number;
}

export const RECORDED_OPERATIONS = [
  'find',
  'aggregate',
  'count',
  'distinct',
  'findAndModify',
  'update',
  'delete',
  'insert',
  'getMore',
] as const;

// #region reservoir
/**
 * Algorithm R: after n observations each one is in the sample with probability size/n, so the percentiles of the
 * sample estimate those of all observations while the memory stays `size` numbers.
 */
export class Reservoir {
  private readonly values: number[] = [];
  private seen = 0;

  constructor(
    private readonly size: number,
    private readonly random: () => number = Math.random,
  ) {}

  add(value: number): void {
    this.seen++;
    if (this.values.length < this.size) {
      this.values.push(value);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.size) this.values[slot] = value;
  }

  /** Nearest-rank percentile of the sample (`q` in 0..1); 0 when empty. */
  percentile(q: number): number {
    if (this.values.length === 0) return 0;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
    return sorted[rank - 1] ?? 0;
  }

  get length(): number {
    return this.values.length;
  }
}
// #endregion reservoir

interface Entry {
  shape: QueryShape;
  count: number;
  failures: number;
  totalMs: number;
  maxMs: number;
  durations: Reservoir;
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1)
    throw new InvalidOptionError(`${name} must be a positive integer, got ${String(value)}`);
  return v;
}

// #region query-stats
/**
 * Per-shape counts, totals and percentiles of command durations.
 *
 * @example
 * const client = new MongoClient(uri, { monitorCommands: true });
 * const stats = new QueryStats();
 * const detach = stats.attach(client);
 * // ... run the workload ...
 * console.table(stats.snapshot().slice(0, 10));
 */
export class QueryStats {
  private readonly shapes = new Map<string, Entry>();
  private readonly inFlight = new Map<number, { key: string; shape: QueryShape }>();
  private readonly maxShapes: number;
  private readonly samplesPerShape: number;
  private readonly maxInFlight: number;
  private readonly operations: ReadonlySet<string>;
  private readonly random: () => number;
  private evictedShapes = 0;
  private forgottenCommands = 0;

  constructor(options: QueryStatsOptions = {}) {
    this.maxShapes = positiveInt('maxShapes', options.maxShapes, 500);
    this.samplesPerShape = positiveInt('samplesPerShape', options.samplesPerShape, 256);
    this.maxInFlight = positiveInt('maxInFlight', options.maxInFlight, 10_000);
    this.operations = new Set(options.operations ?? RECORDED_OPERATIONS);
    this.random = options.random ?? Math.random;
  }

  /** Listens to a client's command events; returns a function that stops listening. */
  attach(client: MongoClient): () => void {
    if (!client.options.monitorCommands) {
      throw new MonitoringDisabledError(
        'QueryStats needs a client created with { monitorCommands: true }; without it the driver emits no command events',
      );
    }
    const started = (event: CommandStartedEvent): void => this.onStarted(event);
    const succeeded = (event: CommandSucceededEvent): void => this.onFinished(event.requestId, event.duration, true);
    const failed = (event: CommandFailedEvent): void => this.onFinished(event.requestId, event.duration, false);
    client.on('commandStarted', started);
    client.on('commandSucceeded', succeeded);
    client.on('commandFailed', failed);
    return () => {
      client.off('commandStarted', started);
      client.off('commandSucceeded', succeeded);
      client.off('commandFailed', failed);
      this.inFlight.clear();
    };
  }

  private onStarted(event: CommandStartedEvent): void {
    if (!this.operations.has(event.commandName)) return;
    const shape = commandShape(event.databaseName, event.command);
    if (!shape) return;
    if (this.inFlight.size >= this.maxInFlight) {
      const oldest = this.inFlight.keys().next().value;
      if (oldest !== undefined) this.inFlight.delete(oldest);
      this.forgottenCommands++;
    }
    // Only the shape is kept, never the command: an insert of 1,000 documents must not be held in memory.
    this.inFlight.set(event.requestId, { key: shapeKey(shape), shape });
  }

  private onFinished(requestId: number, durationMs: number, ok: boolean): void {
    const pending = this.inFlight.get(requestId);
    if (!pending) return;
    this.inFlight.delete(requestId);
    this.recordKeyed(pending.key, pending.shape, durationMs, ok);
  }

  /** Records one execution of a shape (also usable without a client, e.g. from a log). */
  record(shape: QueryShape, durationMs: number, ok = true): void {
    this.recordKeyed(shapeKey(shape), shape, durationMs, ok);
  }

  private recordKeyed(key: string, shape: QueryShape, durationMs: number, ok: boolean): void {
    let entry = this.shapes.get(key);
    if (entry) {
      this.shapes.delete(key); // re-inserted below: Map order is then least recently seen first
    } else {
      if (this.shapes.size >= this.maxShapes) {
        const lru = this.shapes.keys().next().value;
        if (lru !== undefined) this.shapes.delete(lru);
        this.evictedShapes++;
      }
      entry = {
        shape,
        count: 0,
        failures: 0,
        totalMs: 0,
        maxMs: 0,
        durations: new Reservoir(this.samplesPerShape, this.random),
      };
    }
    this.shapes.set(key, entry);
    entry.count++;
    if (!ok) entry.failures++;
    entry.totalMs += durationMs;
    entry.maxMs = Math.max(entry.maxMs, durationMs);
    entry.durations.add(durationMs);
  }

  /** Every shape with its figures, the most total time first. */
  snapshot(): ShapeStats[] {
    return [...this.shapes.entries()]
      .map(([key, e]) => ({
        key,
        shape: e.shape,
        count: e.count,
        failures: e.failures,
        totalMs: e.totalMs,
        maxMs: e.maxMs,
        p50Ms: e.durations.percentile(0.5),
        p95Ms: e.durations.percentile(0.95),
        p99Ms: e.durations.percentile(0.99),
        samples: e.durations.length,
      }))
      .sort((a, b) => b.totalMs - a.totalMs);
  }

  /** How many shapes were dropped to stay within `maxShapes`, and commands forgotten to stay within `maxInFlight`. */
  get dropped(): { shapes: number; inFlight: number } {
    return { shapes: this.evictedShapes, inFlight: this.forgottenCommands };
  }

  get size(): number {
    return this.shapes.size;
  }

  reset(): void {
    this.shapes.clear();
    this.inFlight.clear();
  }
}
// #endregion query-stats
