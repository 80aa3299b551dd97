/**
 * `--mine`: the learner's exercise implementations in place of the capstone's own ports, each behind a small adapter,
 * each probed with one cheap call before anything serves, so a stub that still throws its TodoError stops start-up
 * with a message naming the exercise instead of failing the first request.
 */
import type { Redis } from 'ioredis';
import type { RateLimitPolicy, RateLimiter } from '../../chapters/03-security/rate-limit/rate-limiter.port.js';
import type { CachePort } from '../../chapters/04-performance/cache-port.js';
import { createWorkerPool, type WorkerPoolPort } from '../../chapters/04-performance/worker-pool.js';
import type { Exercise } from '../../workbook/manifest/index.js';
import { TodoError } from '../../workbook/todo-error.js';
import type { ApiPortOverrides } from '../api/composition-root.js';
import { PoolInvoiceBuilder, type InvoiceBuilder } from '../orders/invoice-builder.js';
import type { WorkerPortOverrides } from '../worker/composition-root.js';
import { CodedError } from '../../platform/errors/coded-error.js';

/** A swapped piece, as printed at start-up. */
export interface SwappedPiece {
  readonly exercise: Exercise;
  /** What it replaces in the capstone, in words. */
  readonly replaces: string;
  /** The file the implementation was loaded from (under `exercises/`, or `solutions/` with the solution condition). */
  readonly file: string;
}

export interface LearnerPorts {
  readonly api: ApiPortOverrides;
  readonly worker: WorkerPortOverrides;
  readonly swapped: readonly SwappedPiece[];
  /** Closes what is shared between services in one process (the learner's cache). */
  close(): Promise<void>;
}

/** An exercise the learner has not finished (its stub still throws TodoError), or whose code failed the probe. */
export class MineNotReadyError extends CodedError {
  readonly code = 'MINE_NOT_READY';

  constructor(
    readonly exercise: Exercise,
    readonly unsolved: boolean,
    options?: ErrorOptions,
  ) {
    const cause = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    const chapter = exercise.id.slice(0, 2);
    super(
      unsolved
        ? `--mine ${chapter}: exercise ${exercise.id} "${exercise.title}" is not solved yet: ${exercise.stub} still throws its TodoError.\n` +
            `  Solve it and check it with \`npm run workbook -- check ${exercise.id}\`; stuck? \`npm run workbook -- hint ${exercise.id}\`.\n` +
            `  Or start without --mine ${chapter}.`
        : `--mine ${chapter}: exercise ${exercise.id} "${exercise.title}" (${exercise.stub}) failed its start-up check: ${cause}\n` +
            `  Run its tests with \`npm run workbook -- check ${exercise.id}\`.`,
      options,
    );
  }
}

/** Loads one exercise module through the `#exercise/*` alias: `exercises/`, or `solutions/` under the solution condition. */
export type ModuleLoader = <T>(exercise: Exercise) => Promise<T>;

const SPECIFIERS: Record<string, () => Promise<unknown>> = {
  // Dynamic, so `npm start` loads an exercise only when --mine names its chapter. (The production entry never imports this file.)
  '03.4': () => import('#exercise/03-security/04-token-bucket'),
  '04.4': () => import('#exercise/04-performance/04-memory-cache'),
  '04.7': () => import('#exercise/04-performance/07-retrying-pool'),
};

const aliasLoader: ModuleLoader = async <T>(exercise: Exercise): Promise<T> => {
  const load = SPECIFIERS[exercise.id];
  if (!load)
    throw new RangeError(
      `exercise ${exercise.id} implements "${exercise.capstonePort ?? ''}", which the capstone has no adapter for`,
    );
  return (await load()) as T;
};

function resolvedFile(exercise: Exercise): string {
  try {
    const url = import.meta.resolve(`#exercise/${exercise.stub.replace(/^exercises\//, '').replace(/\.ts$/, '')}`);
    const root = new URL('../../', import.meta.url).href;
    return url.startsWith(root) ? url.slice(root.length) : url;
  } catch {
    return exercise.stub;
  }
}

/** Runs the probe; a TodoError (or any failure) becomes a MineNotReadyError naming the exercise. */
async function probe(exercise: Exercise, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    const unsolved = error instanceof TodoError || (error as { code?: unknown }).code === 'EXERCISE_TODO';
    throw new MineNotReadyError(exercise, unsolved, { cause: error });
  }
}

type TokenBucketModule = typeof import('#exercise/03-security/04-token-bucket');
type MemoryCacheModule = typeof import('#exercise/04-performance/04-memory-cache');
type RetryingPoolModule = typeof import('#exercise/04-performance/07-retrying-pool');

/** A cache shared by the api and the worker of one process; closing it is the owner's job, not each service's. */
function sharedCache(cache: CachePort): CachePort {
  return {
    get: (key) => cache.get(key),
    getOrSet: (key, load, options) => cache.getOrSet(key, load, options),
    set: (key, value, options) => cache.set(key, value, options),
    delete: (key) => cache.delete(key),
    invalidateTag: (tag) => cache.invalidateTag(tag),
    stats: () => cache.stats(),
    close: async () => undefined,
  };
}

/**
 * Loads, adapts and probes the exercises `--mine` picked. Throws MineNotReadyError for the first one that is not ready.
 *
 * @example
 * const mine = await loadLearnerPorts(mineExercises('03,04'), { invoiceThreads: 2 });
 * createApiRoot({ config, providers, ports: mine.api });
 */
export async function loadLearnerPorts(
  exercises: readonly Exercise[],
  options: { invoiceThreads: number; load?: ModuleLoader; onRetry?: (attempt: number) => void },
): Promise<LearnerPorts> {
  const load = options.load ?? aliasLoader;
  const api: { cache?: ApiPortOverrides['cache']; rateLimiter?: ApiPortOverrides['rateLimiter'] } = {};
  const worker: { cache?: WorkerPortOverrides['cache']; invoices?: WorkerPortOverrides['invoices'] } = {};
  const swapped: SwappedPiece[] = [];
  const owned: CachePort[] = [];
  for (const exercise of exercises) {
    const file = resolvedFile(exercise);
    switch (exercise.capstonePort) {
      case 'rate-limiter': {
        const { TokenBucketLimiter } = await load<TokenBucketModule>(exercise);
        await probe(exercise, () =>
          new TokenBucketLimiter({ name: 'probe', limit: 1, windowMs: 1_000 }).consume('probe'),
        );
        // Per process, like the in-memory fallback: buckets are not shared between instances.
        api.rateLimiter = (policy: RateLimitPolicy, _client: Redis): RateLimiter => new TokenBucketLimiter(policy);
        swapped.push({ exercise, file, replaces: 'the rate limiters on sign-in and /api (per process, in memory)' });
        break;
      }
      case 'cache': {
        const { createMemoryCache } = await load<MemoryCacheModule>(exercise);
        let cache: CachePort | undefined;
        await probe(exercise, async () => {
          cache = createMemoryCache({ max: 10_000 });
          await cache.set('mine:probe', 1, { ttlSeconds: 1 });
          await cache.delete('mine:probe');
        });
        const shared = cache as CachePort;
        owned.push(shared);
        // One instance for every service in this process, so the worker's invalidations reach the api's reads.
        api.cache = async () => sharedCache(shared);
        worker.cache = async () => sharedCache(shared);
        swapped.push({
          exercise,
          file,
          replaces: 'the catalogue cache (Redis L2 and lru-cache L1), shared by the services in this process',
        });
        break;
      }
      case 'worker-pool': {
        const { createRetryingPool } = await load<RetryingPoolModule>(exercise);
        const probePool: WorkerPoolPort = { run: async <R>() => 'probe' as R, destroy: async () => undefined };
        await probe(exercise, () => createRetryingPool(probePool, { retries: 1 }).run({ module: 'probe:' }));
        const threads = Math.max(1, options.invoiceThreads);
        worker.invoices = async (): Promise<InvoiceBuilder> => {
          const pool = createRetryingPool(createWorkerPool({ size: threads, maxQueue: 1_000 }), {
            retries: 2,
            ...(options.onRetry ? { onRetry: ({ attempt }) => options.onRetry?.(attempt) } : {}),
          });
          const builder = new PoolInvoiceBuilder(pool, threads);
          return {
            kind: `your retrying pool (exercise ${exercise.id}) around ${builder.kind}`,
            build: (input) => builder.build(input),
            close: () => builder.close(),
          };
        };
        swapped.push({ exercise, file, replaces: 'the invoice worker pool (crashed tasks retried twice)' });
        break;
      }
      default:
        throw new UnknownCapstonePortError(exercise);
    }
  }
  return {
    api,
    worker,
    swapped,
    async close() {
      for (const cache of owned) await cache.close();
    },
  };
}

/** A manifest entry names a port the capstone cannot plug (a manifest and capstone out of step). */
export class UnknownCapstonePortError extends CodedError {
  readonly code = 'MINE_UNKNOWN_PORT';

  constructor(readonly exercise: Exercise) {
    super(
      `exercise ${exercise.id} says it implements the capstone port "${exercise.capstonePort ?? ''}", which the capstone has no adapter for; known: rate-limiter, cache, worker-pool`,
    );
  }
}

/** The start-up lines naming what was swapped. */
export function describeSwapped(swapped: readonly SwappedPiece[]): string {
  return [
    `--mine: running your code in place of the capstone's for ${swapped.length} piece${swapped.length === 1 ? '' : 's'}:`,
    ...swapped.map(
      (piece) => `  ${piece.exercise.id} ${piece.exercise.title}: ${piece.file}\n        replaces ${piece.replaces}`,
    ),
  ].join('\n');
}
