/**
 * Connection pool gauges and counters from the driver's CMAP events (Connection Monitoring and Pooling, a spec
 * every official driver implements). Only public events are read: nothing reaches into `client.topology`, whose
 * shape is private and changes between driver versions.
 */
import type {
  ConnectionCheckedInEvent,
  ConnectionCheckedOutEvent,
  ConnectionCheckOutFailedEvent,
  ConnectionCheckOutStartedEvent,
  ConnectionClosedEvent,
  ConnectionCreatedEvent,
  ConnectionPoolClearedEvent,
  MongoClient,
} from 'mongodb';

/** What the pools of one client look like now, summed over the servers it talks to. */
export interface PoolSnapshot {
  /** Gauges. */
  readonly open: number;
  readonly checkedOut: number;
  /** Operations waiting for a connection (check-out started, not yet out or failed). */
  readonly waiting: number;
  /** Counters since the monitor started. */
  readonly created: number;
  readonly closed: number;
  readonly checkOuts: number;
  readonly checkOutFailures: Readonly<Record<string, number>>;
  readonly cleared: number;
  /** Longest check-out wait seen, in ms (the driver measures it: `durationMS`). */
  readonly maxCheckOutMs: number;
  /** The same gauges per server address. */
  readonly byAddress: Readonly<Record<string, { open: number; checkedOut: number; waiting: number }>>;
}

type Gauges = { open: number; checkedOut: number; waiting: number };

// #region pool-monitor
/**
 * Listens to one client's pool events and keeps gauges (open, checked out, waiting) and counters.
 *
 * @example
 * const monitor = PoolMonitor.attach(client);
 * setInterval(() => metrics.set(monitor.snapshot().checkedOut), 10_000).unref();
 * // on shutdown: monitor.dispose();
 */
export class PoolMonitor {
  private readonly gauges = new Map<string, Gauges>();
  private created = 0;
  private closed = 0;
  private checkOuts = 0;
  private cleared = 0;
  private maxCheckOutMs = 0;
  private readonly failures: Record<string, number> = {};
  private readonly listeners = new Set<(snapshot: PoolSnapshot) => void>();
  private readonly detach: () => void;

  private constructor(client: MongoClient) {
    const on = <E extends Parameters<MongoClient['on']>[0]>(
      event: E,
      handler: Parameters<MongoClient['on']>[1],
    ): (() => void) => {
      client.on(event, handler);
      return () => client.off(event, handler);
    };
    const offs = [
      on('connectionCreated', (e: ConnectionCreatedEvent) => this.change(e.address, 'open', 1, () => this.created++)),
      on('connectionClosed', (e: ConnectionClosedEvent) => this.change(e.address, 'open', -1, () => this.closed++)),
      on('connectionCheckOutStarted', (e: ConnectionCheckOutStartedEvent) => this.change(e.address, 'waiting', 1)),
      on('connectionCheckedOut', (e: ConnectionCheckedOutEvent) => {
        this.checkOuts++;
        this.maxCheckOutMs = Math.max(this.maxCheckOutMs, e.durationMS);
        this.bump(e.address, 'waiting', -1);
        this.change(e.address, 'checkedOut', 1);
      }),
      on('connectionCheckOutFailed', (e: ConnectionCheckOutFailedEvent) =>
        this.change(e.address, 'waiting', -1, () => (this.failures[e.reason] = (this.failures[e.reason] ?? 0) + 1)),
      ),
      on('connectionCheckedIn', (e: ConnectionCheckedInEvent) => this.change(e.address, 'checkedOut', -1)),
      on('connectionPoolCleared', (e: ConnectionPoolClearedEvent) =>
        this.change(e.address, 'open', 0, () => this.cleared++),
      ),
    ];
    this.detach = () => offs.forEach((off) => off());
  }

  /** Starts monitoring `client`; attach before the first operation so the gauges start from zero. */
  static attach(client: MongoClient): PoolMonitor {
    return new PoolMonitor(client);
  }

  private bump(address: string, gauge: keyof Gauges, delta: number): void {
    const g = this.gauges.get(address) ?? { open: 0, checkedOut: 0, waiting: 0 };
    g[gauge] = Math.max(0, g[gauge] + delta);
    this.gauges.set(address, g);
  }

  private change(address: string, gauge: keyof Gauges, delta: number, count?: () => void): void {
    count?.();
    this.bump(address, gauge, delta);
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }

  snapshot(): PoolSnapshot {
    const total: Gauges = { open: 0, checkedOut: 0, waiting: 0 };
    const byAddress: Record<string, Gauges> = {};
    for (const [address, g] of this.gauges) {
      byAddress[address] = { ...g };
      total.open += g.open;
      total.checkedOut += g.checkedOut;
      total.waiting += g.waiting;
    }
    return {
      ...total,
      created: this.created,
      closed: this.closed,
      checkOuts: this.checkOuts,
      checkOutFailures: { ...this.failures },
      cleared: this.cleared,
      maxCheckOutMs: this.maxCheckOutMs,
      byAddress,
    };
  }

  /** Calls `listener` with a fresh snapshot on every gauge change; returns the unsubscribe function. */
  onChange(listener: (snapshot: PoolSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops listening to the client (the client itself stays open: its owner closes it). */
  dispose(): void {
    this.detach();
    this.listeners.clear();
  }
}
// #endregion pool-monitor
