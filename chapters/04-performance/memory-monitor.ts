import { freemem } from 'node:os';
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import v8 from 'node:v8';
import { HeapSnapshotPolicy, type SnapshotOutcome } from './heap-snapshots.js';
import { LeakDetector, type LeakRule, type LeakVerdict } from './leak-detector.js';

// #region types
export type GcKind = 'major' | 'minor' | 'incremental' | 'weakcb' | 'other';

export interface GcEvent {
  readonly kind: GcKind;
  readonly durationMs: number;
  /** Used heap read just after the collection. */
  readonly heapUsedAfter: number;
  readonly at: number;
}

export interface MemoryReport {
  readonly at: number;
  readonly heapUsed: number;
  /** V8's `heap_size_limit`: where the process dies with "JavaScript heap out of memory". */
  readonly heapLimit: number;
  readonly heapRatio: number;
  readonly rss: number;
  /** The container (cgroup) limit when Node reports one, else undefined. */
  readonly rssLimit: number | undefined;
  /** Milliseconds since the previous check. */
  readonly eventLoopDelay: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly gc: {
    readonly count: number;
    readonly totalMs: number;
    readonly maxMs: number;
    readonly majorCount: number;
  };
}

export type MemoryAlert = (
  | { readonly kind: 'heap-near-limit'; readonly report: MemoryReport }
  | { readonly kind: 'rss-near-limit'; readonly report: MemoryReport }
  | { readonly kind: 'leak'; readonly verdict: LeakVerdict }
) & { readonly snapshot?: SnapshotOutcome };

/** Where the monitor reads the process from. Tests replace them; production uses the defaults. */
export interface MemoryProbes {
  heapStatistics(): { readonly used_heap_size: number; readonly heap_size_limit: number };
  rss(): number;
  freeMemory(): number;
  /** The cgroup limit in bytes, or undefined when the process is not constrained. */
  constrainedMemory(): number | undefined;
  /** Calls `listener` after each GC; returns the function that stops it. */
  observeGc(listener: (event: GcEvent) => void): () => void;
  writeHeapSnapshot(file: string): string;
  now(): number;
}

export interface MemoryMonitorOptions {
  /** Default 10 s. */
  readonly intervalMs?: number;
  /** Alert when heap (or RSS against the container limit) reaches this share. Default 0.85. */
  readonly limitRatio?: number;
  /**
   * A near-limit alert fires once when the share reaches `limitRatio`, and again only after the share has fallen
   * below this one: one alert per excursion, not one per check. Default `limitRatio - 0.05`.
   */
  readonly rearmRatio?: number;
  readonly leak?: { readonly windowSize?: number; readonly rule?: LeakRule };
  /** Off unless given. Snapshots are taken for `leak` and `heap-near-limit` alerts only. */
  readonly snapshots?: { readonly directory: string; readonly cooldownMs?: number };
  /** May throw or reject: the failure goes to `onError` and monitoring goes on. */
  readonly onAlert?: (alert: MemoryAlert) => unknown;
  readonly onReport?: (report: MemoryReport) => void;
  /** Default: `console.error`. Never throws back into the monitor. */
  readonly onError?: (error: unknown) => void;
  /** Default false: the monitor's timer does not keep an otherwise finished process alive. */
  readonly keepProcessAlive?: boolean;
  readonly probes?: Partial<MemoryProbes>;
}
// #endregion types

const gcKinds = new Map<number, GcKind>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

/** The real process: V8 heap statistics, `PerformanceObserver` 'gc' entries, `process.constrainedMemory()`. */
export const processProbes: MemoryProbes = {
  heapStatistics: () => v8.getHeapStatistics(),
  rss: () => process.memoryUsage.rss(),
  freeMemory: () => freemem(),
  constrainedMemory: () => {
    // Node 20 reports 2^64 - 1 (or 0) when there is no cgroup limit; older versions lack the function.
    const limit = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : undefined;
    return limit !== undefined && limit > 0 && limit < Number.MAX_SAFE_INTEGER ? limit : undefined;
  },
  observeGc: (listener) => {
    const observer = new PerformanceObserver((list) => {
      const heapUsedAfter = v8.getHeapStatistics().used_heap_size;
      for (const entry of list.getEntries()) {
        const detail = (entry as { detail?: { kind?: number } }).detail;
        const kind = gcKinds.get(detail?.kind ?? -1) ?? 'other';
        listener({ kind, durationMs: entry.duration, heapUsedAfter, at: performance.now() });
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    return () => observer.disconnect();
  },
  writeHeapSnapshot: (file) => v8.writeHeapSnapshot(file),
  now: () => performance.now(),
};

// #region monitor
/**
 * Watches the heap against its real limit, event-loop delay and GC pauses, and raises alerts that do not lie:
 * a leak is judged on the heap after major GCs, and heap snapshots are rationed.
 *
 * @example
 * const monitor = new MemoryMonitor({ onAlert: (alert) => log.warn(alert), snapshots: { directory: './heapdumps' } });
 * monitor.start();
 * // on shutdown:
 * monitor.stop();
 */
export class MemoryMonitor {
  readonly #options: MemoryMonitorOptions;
  readonly #probes: MemoryProbes;
  readonly #detector: LeakDetector;
  readonly #snapshots: HeapSnapshotPolicy | undefined;
  readonly #limitRatio: number;
  readonly #rearmRatio: number;
  /** Whether each near-limit alert may fire: false from its alert until the share falls below `rearmRatio`. */
  #armed = { heap: true, rss: true };
  #timer: NodeJS.Timeout | undefined;
  #stopGc: (() => void) | undefined;
  #delay: IntervalHistogram | undefined;
  #gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0 };

  constructor(options: MemoryMonitorOptions = {}) {
    this.#options = options;
    this.#probes = { ...processProbes, ...options.probes };
    this.#detector = new LeakDetector(options.leak);
    this.#limitRatio = options.limitRatio ?? 0.85;
    this.#rearmRatio = options.rearmRatio ?? this.#limitRatio - 0.05;
    if (!(this.#rearmRatio < this.#limitRatio)) {
      throw new RangeError(`rearmRatio must be below limitRatio (${this.#limitRatio}), got ${this.#rearmRatio}`);
    }
    const snapshots = options.snapshots;
    this.#snapshots = snapshots
      ? new HeapSnapshotPolicy({
          ...snapshots,
          write: (file) => this.#probes.writeHeapSnapshot(file),
          now: () => this.#probes.now(),
        })
      : undefined;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Starts the timer, the GC observer and the event-loop histogram. Calling it twice changes nothing. */
  start(): void {
    if (this.#timer) return;
    this.#delay = monitorEventLoopDelay({ resolution: 10 });
    this.#delay.enable();
    // The GC observer calls back outside any caller's try: a throw there (a custom leak rule's bug, say) would end
    // the process, so it goes to onError like every other failure inside the monitor.
    this.#stopGc = this.#probes.observeGc((event) => this.#safely(() => this.#onGc(event)));
    this.#timer = setInterval(() => this.#safely(() => this.check()), this.#options.intervalMs ?? 10_000);
    if (!this.#options.keepProcessAlive) this.#timer.unref();
  }

  /** Clears the timer, disconnects the GC observer and disables the histogram. Safe to call twice. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopGc?.();
    this.#stopGc = undefined;
    this.#delay?.disable();
    this.#delay = undefined;
    this.#detector.reset();
    this.#armed = { heap: true, rss: true };
  }

  /** One measurement now (the timer calls this); raises the alerts it finds and returns the report. */
  check(): MemoryReport {
    const heap = this.#probes.heapStatistics();
    const delay = this.#delay;
    const ms = (nanos: number): number => (Number.isFinite(nanos) ? nanos / 1e6 : 0);
    const report: MemoryReport = {
      at: this.#probes.now(),
      heapUsed: heap.used_heap_size,
      heapLimit: heap.heap_size_limit,
      heapRatio: heap.used_heap_size / heap.heap_size_limit,
      rss: this.#probes.rss(),
      rssLimit: this.#probes.constrainedMemory(),
      eventLoopDelay:
        delay && delay.count > 0
          ? { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) }
          : { p50: 0, p99: 0, max: 0 },
      gc: this.#gc,
    };
    delay?.reset();
    this.#gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0 };
    this.#safely(() => this.#options.onReport?.(report));

    if (this.#crossed('heap', report.heapRatio)) this.#alert({ kind: 'heap-near-limit', report }, report.heapUsed);
    if (report.rssLimit !== undefined && this.#crossed('rss', report.rss / report.rssLimit))
      this.#alert({ kind: 'rss-near-limit', report });
    return report;
  }

  /** True once per excursion: when `share` reaches the limit while armed. Falling below the re-arm share re-arms. */
  #crossed(which: 'heap' | 'rss', share: number): boolean {
    if (share < this.#rearmRatio) this.#armed[which] = true;
    if (share < this.#limitRatio || !this.#armed[which]) return false;
    this.#armed[which] = false;
    return true;
  }

  #onGc(event: GcEvent): void {
    const gc = this.#gc;
    gc.count += 1;
    gc.totalMs += event.durationMs;
    gc.maxMs = Math.max(gc.maxMs, event.durationMs);
    if (event.kind !== 'major') return;
    gc.majorCount += 1;
    const verdict = this.#detector.add({ at: event.at, heapUsed: event.heapUsedAfter });
    if (verdict) this.#alert({ kind: 'leak', verdict }, event.heapUsedAfter);
  }

  /** `heapUsed` given: the alert may carry a heap snapshot, if the policy allows one now. */
  #alert(alert: MemoryAlert, heapUsed?: number): void {
    let full = alert;
    if (this.#snapshots && heapUsed !== undefined) {
      const limit = this.#probes.constrainedMemory();
      const available = Math.min(
        this.#probes.freeMemory(),
        limit === undefined ? Infinity : limit - this.#probes.rss(),
      );
      const snapshot = this.#safely(() => this.#snapshots?.take(alert.kind, { heapUsed, available }));
      if (snapshot) full = { ...alert, snapshot };
    }
    this.#safely(() => {
      const outcome = this.#options.onAlert?.(full);
      // A rejected promise from an async handler is reported like a throw, never left unhandled.
      if (outcome instanceof Promise) outcome.catch((error: unknown) => this.#reportError(error));
    });
  }

  #safely<T>(work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.#reportError(error);
      return undefined;
    }
  }

  #reportError(error: unknown): void {
    try {
      (this.#options.onError ?? ((e: unknown) => console.error('memory monitor:', e)))(error);
    } catch {
      // onError itself failed; the monitor must keep running, and there is nowhere left to report to.
    }
  }
}
// #endregion monitor
