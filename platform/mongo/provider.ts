import { promises as dns } from 'node:dns';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EngineLogger } from './engine/index.js';
import { CodedError } from '../errors/coded-error.js';

/** Which MongoDB a run uses. */
export type MongoProviderName = 'uri' | 'memory-server' | 'embedded';

/** A MongoDB to talk to: application code only ever sees `uri`. `stop()` stops whatever was started for it. */
export interface MongoHandle {
  readonly uri: string;
  readonly provider: MongoProviderName;
  /** For the embedded engine: what it does not emulate. */
  readonly limitations?: string;
  stop(): Promise<void>;
}

/** Values of `WORKBOOK_MONGO_PROVIDER`. */
export const PROVIDER_CHOICES = ['auto', 'embedded', 'memory-server'] as const;
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number];

/** One sentence, used in the log line and the docs. */
export const EMBEDDED_LIMITATIONS =
  'no transactions, change streams, text or geo queries, collation, schema validation or TTL expiry; explain and planner are simplified';

type MongoProviderErrorCode = 'MONGO_URI_UNREACHABLE' | 'MONGO_PROVIDER_INVALID' | 'MONGO_MEMORY_SERVER_FAILED';

/** A provider that was asked for and cannot be used; the message says which and what to do. */
export class MongoProviderError extends CodedError {
  constructor(
    readonly code: MongoProviderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ResolveMongoOptions {
  /** Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Receives the one line naming the provider (default: console.log). */
  log?: (line: string) => void;
  /** Logger for the embedded engine's rejected connections (default: console.warn). */
  engineLogger?: EngineLogger;
  /** How long `MONGODB_URI` may take to answer a ping (default 3 s). */
  uriTimeoutMs?: number;
  /** How long the offline check before a mongod download may take (default 2.5 s). */
  probeTimeoutMs?: number;
  /** How long mongodb-memory-server may take to start, download included (default 120 s). */
  memoryServerTimeoutMs?: number;
}

/** `mongodb://user:secret@host:27017/db` becomes `host:27017`: never print credentials. */
export function describeHosts(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/.exec(uri);
  return match?.[1] || '(unparseable URI)';
}

/** Reads `WORKBOOK_MONGO_PROVIDER`, refusing unknown values with the allowed list. */
export function providerChoice(env: NodeJS.ProcessEnv): ProviderChoice {
  const raw = env.WORKBOOK_MONGO_PROVIDER?.trim() || 'auto';
  if (!(PROVIDER_CHOICES as readonly string[]).includes(raw)) {
    throw new MongoProviderError(
      'MONGO_PROVIDER_INVALID',
      `WORKBOOK_MONGO_PROVIDER=${raw} is not a provider; allowed: ${PROVIDER_CHOICES.join(', ')}`,
    );
  }
  return raw as ProviderChoice;
}

async function useUri(uri: string, timeoutMs: number): Promise<MongoHandle> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.db('admin').command({ ping: 1 });
  } catch (err) {
    throw new MongoProviderError(
      'MONGO_URI_UNREACHABLE',
      `MONGODB_URI (${describeHosts(uri)}) did not answer a ping within ${timeoutMs} ms: ${(err as Error).message}. ` +
        'Start that server or unset MONGODB_URI; when it is set the workbook uses it or stops, it never falls back.',
      { cause: err },
    );
  } finally {
    await client.close();
  }
  return { uri, provider: 'uri', stop: async () => {} };
}

/** Resolves `host` through DNS within `timeoutMs`: a cheap "are we online" check before a mongod download. */
async function resolves(host: string, timeoutMs: number): Promise<boolean> {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolver.cancel();
      resolve(false);
    }, timeoutMs);
  });
  const lookup = resolver.resolve4(host).then(
    (addresses) => addresses.length > 0,
    () => false,
  );
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function downloadHost(env: NodeJS.ProcessEnv): string {
  const source = env.MONGOMS_DOWNLOAD_URL || env.MONGOMS_DOWNLOAD_MIRROR || 'https://fastdl.mongodb.org';
  try {
    return new URL(source).hostname;
  } catch {
    return 'fastdl.mongodb.org';
  }
}

type Attempt = { handle: MongoHandle } | { reason: string };

/**
 * Tries mongodb-memory-server. With a cached mongod it just starts it. Without one it first checks, within a few
 * seconds, that the download host resolves (offline, the download itself fails only after about 7 s), unless
 * `forced` (WORKBOOK_MONGO_PROVIDER=memory-server), then downloads within `startTimeoutMs`.
 */
async function tryMemoryServer(
  env: NodeJS.ProcessEnv,
  forced: boolean,
  probeMs: number,
  startTimeoutMs: number,
): Promise<Attempt> {
  const { DryMongoBinary, MongoMemoryServer } = await import('mongodb-memory-server');
  const cached = await DryMongoBinary.locateBinary(DryMongoBinary.getEnsuredOptions()).catch(() => undefined);
  if (!cached && !forced) {
    const host = downloadHost(env);
    if (!(await resolves(host, probeMs))) {
      return { reason: `no cached mongod binary, and ${host} did not resolve within ${probeMs} ms (offline?)` };
    }
  }
  const starting = MongoMemoryServer.create();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), startTimeoutMs);
  });
  try {
    const result = await Promise.race([starting, timedOut]);
    if (result === 'timeout') {
      // The abandoned attempt may still finish: stop what it started so nothing outlives the run.
      starting.then((late) => late.stop()).catch(() => undefined);
      return { reason: `mongodb-memory-server did not start within ${startTimeoutMs} ms` };
    }
    return {
      handle: {
        uri: result.getUri(),
        provider: 'memory-server',
        stop: async () => {
          await result.stop();
        },
      },
    };
  } catch (err) {
    return { reason: `mongodb-memory-server failed: ${(err as Error).message.split('\n')[0] ?? ''}` };
  } finally {
    clearTimeout(timer);
  }
}

async function useEmbedded(engineLogger: EngineLogger | undefined): Promise<MongoHandle> {
  const engine = await startEmbeddedMongo(engineLogger ? { logger: engineLogger } : {});
  return { uri: engine.uri, provider: 'embedded', limitations: EMBEDDED_LIMITATIONS, stop: () => engine.close() };
}

/**
 * Picks the MongoDB for this run: `MONGODB_URI` (must answer, never falls back), else mongodb-memory-server (bounded),
 * else the embedded engine. `WORKBOOK_MONGO_PROVIDER=embedded` skips straight to the engine. Logs one line.
 * @example
 * const mongo = await resolveMongo();
 * const client = await MongoClient.connect(mongo.uri);
 * // ...
 * await client.close();
 * await mongo.stop();
 */
export async function resolveMongo(options: ResolveMongoOptions = {}): Promise<MongoHandle> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const choice = providerChoice(env);
  const uri = env.MONGODB_URI?.trim();
  if (uri) {
    const handle = await useUri(uri, options.uriTimeoutMs ?? 3_000);
    log(`[mongo] provider: MONGODB_URI (${describeHosts(uri)})`);
    return handle;
  }
  let skipped = 'WORKBOOK_MONGO_PROVIDER=embedded';
  if (choice !== 'embedded') {
    const attempt = await tryMemoryServer(
      env,
      choice === 'memory-server',
      options.probeTimeoutMs ?? 2_500,
      options.memoryServerTimeoutMs ?? 120_000,
    );
    if ('handle' in attempt) {
      log(`[mongo] provider: mongodb-memory-server (${describeHosts(attempt.handle.uri)})`);
      return attempt.handle;
    }
    if (choice === 'memory-server') {
      throw new MongoProviderError(
        'MONGO_MEMORY_SERVER_FAILED',
        `WORKBOOK_MONGO_PROVIDER=memory-server, but ${attempt.reason}`,
      );
    }
    skipped = attempt.reason;
  }
  const handle = await useEmbedded(options.engineLogger);
  log(`[mongo] provider: embedded engine at ${handle.uri} (${skipped}); it has ${EMBEDDED_LIMITATIONS}`);
  return handle;
}
