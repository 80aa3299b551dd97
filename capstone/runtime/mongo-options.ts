import type { MongoClientOptions } from 'mongodb';
import type { CapstoneConfig } from '../config.js';

/**
 * The driver's timeouts from `MONGODB_TIMEOUT_MS`: server selection bounds an unreachable database, the socket
 * timeout a blocked one (the driver closes the connection and raises a network timeout), so no request hangs.
 */
export function mongoClientOptions(
  config: Pick<CapstoneConfig, 'MONGODB_TIMEOUT_MS'>,
  extra: MongoClientOptions = {},
): MongoClientOptions {
  return {
    serverSelectionTimeoutMS: config.MONGODB_TIMEOUT_MS,
    connectTimeoutMS: config.MONGODB_TIMEOUT_MS,
    socketTimeoutMS: config.MONGODB_TIMEOUT_MS,
    ...extra,
  };
}
