import type { MongoClient } from 'mongodb';
import { Gauge, type Registry } from 'prom-client';
import { PoolMonitor } from '../../chapters/07-database/pool-monitor.js';
import { QueryStats, type ShapeStats } from '../../chapters/07-database/query-stats.js';

/** What `watchDatabase` started; `close()` detaches both and returns the costliest query shapes of the run. */
export interface DatabaseWatch {
  readonly queries: QueryStats;
  close(): ShapeStats[];
}

/**
 * Chapter 7's pool monitor and query statistics on one client (created with `monitorCommands: true`), with the pool
 * gauges in the service's registry, read at scrape time: nothing runs between scrapes.
 *
 * @example
 * const watch = watchDatabase(client, metrics.registry);
 * // on shutdown: log.info({ slowest: watch.close().slice(0, 5) }, 'query shapes');
 */
export function watchDatabase(client: MongoClient, registry: Registry): DatabaseWatch {
  const pool = PoolMonitor.attach(client);
  const queries = new QueryStats({ maxShapes: 200 });
  const detach = queries.attach(client);
  const names: string[] = [];
  const gauge = (name: string, help: string, read: () => number): void => {
    names.push(name);
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  gauge('mongodb_pool_connections_open', 'Connections open in the MongoDB pools', () => pool.snapshot().open);
  gauge('mongodb_pool_connections_checked_out', 'Connections in use', () => pool.snapshot().checkedOut);
  gauge(
    'mongodb_pool_wait_queue',
    'Operations waiting for a connection (a rising line means the pool is too small or queries too slow)',
    () => pool.snapshot().waiting,
  );
  return {
    queries,
    close() {
      for (const name of names) registry.removeSingleMetric(name);
      detach();
      pool.dispose();
      return queries.snapshot();
    },
  };
}
