/**
 * Counts the MongoDB commands every client in this process sends, through the driver's command monitoring. The
 * services own their clients, so the bench does not reach into them: the URI it hands them turns monitoring on
 * (`monitorCommands=true`), and this counter listens where the driver emits, on `MongoClient.prototype.emit`.
 */
import { MongoClient, type CommandStartedEvent } from 'mongodb';

export interface CommandCounter {
  /** Commands started since the counter was created or last reset, by `<command> <collection>` (`update orders`). */
  readonly byName: ReadonlyMap<string, number>;
  readonly total: number;
  reset(): void;
  /** Stops counting (restores the driver's own emit). */
  stop(): void;
}

/** Adds `monitorCommands=true` to a connection string, keeping its other options. */
export function withCommandMonitoring(uri: string): string {
  if (uri.includes('?')) return `${uri}&monitorCommands=true`;
  const afterScheme = uri.slice(uri.indexOf('://') + 3);
  return `${uri}${afterScheme.includes('/') ? '' : '/'}?monitorCommands=true`;
}

/** Starts counting every `commandStarted` of every monitored client in this process. */
export function countMongoCommands(): CommandCounter {
  const byName = new Map<string, number>();
  const prototype = MongoClient.prototype as unknown as {
    emit: (event: string | symbol, ...args: unknown[]) => boolean;
  };
  const original = prototype.emit;
  prototype.emit = function emit(this: MongoClient, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'commandStarted') {
      const { commandName, command } = args[0] as CommandStartedEvent;
      const target: unknown = command[commandName];
      const name = typeof target === 'string' ? `${commandName} ${target}` : commandName;
      byName.set(name, (byName.get(name) ?? 0) + 1);
    }
    return original.call(this, event, ...args);
  };
  return {
    byName,
    get total() {
      return [...byName.values()].reduce((sum, n) => sum + n, 0);
    },
    reset: () => byName.clear(),
    stop: () => {
      prototype.emit = original;
    },
  };
}
