import { AsyncSingleton } from './async-singleton.js';
import { SimulatedConnection } from './simulated-connection.js';

// #region module-singleton
// The module is the singleton: Node evaluates this file once and every importer receives this same object.
// No class with a static `instance`, no `new` that secretly returns an old object.
export const database = new AsyncSingleton<SimulatedConnection>({
  name: 'database',
  create: (signal) => SimulatedConnection.open(process.env.DATABASE_URL ?? 'memory://workbook', { signal }),
  dispose: (connection) => connection.close(),
});
// #endregion module-singleton
