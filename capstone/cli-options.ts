/** Options of `npm start -- [options]`. */
export interface CliOptions {
  readonly role: 'all' | 'api' | 'worker';
  /** Overrides PORT: the api's port, or with --worker-only the worker's health/metrics port. */
  readonly port: number | undefined;
  readonly help: boolean;
  /** `--mine 03,04`: chapter numbers whose exercise implementations replace the capstone's ports (checked later). */
  readonly mine: string | undefined;
}

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly code = 'CLI_USAGE';
}

export const USAGE = `Usage: npm start -- [options]

Starts the orders service (api and worker). Without AMQP_URL both run in this process on in-process stand-ins;
with AMQP_URL they run as separate processes.

Options:
  --api-only        run one api instance (point it at shared services with MONGODB_URI, REDIS_URL, AMQP_URL)
  --worker-only     run one worker instance
  --port <n>        the api's port (default: PORT, else 3000); with --worker-only, the worker's health port
  --mine <chapters> run your exercise code in place of the capstone's where an exercise implements one of its
                    ports, e.g. --mine 03,04 (03: rate limiter; 04: cache and worker pool)
  --help            show this text

Environment: PORT, HOST, NODE_ENV, LOG_LEVEL, AUTH_JWT_SECRET (required in production), MONGODB_URI, MONGODB_DB,
MONGODB_TIMEOUT_MS, REDIS_URL, AMQP_URL, ETCD_URL, SERVICE_NAMESPACE, SEED_DEMO_DATA, SCRYPT_LOG2_COST,
SHUTDOWN_DRAIN_MS, TRUST_PROXY, RATE_LIMIT_AUTH_PER_MINUTE, RATE_LIMIT_API_PER_MINUTE. See docs/capstone.md.`;

/** Parses the arguments after `npm start --`; throws CliUsageError naming what is wrong. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  let role: CliOptions['role'] = 'all';
  let port: number | undefined;
  let help = false;
  let mine: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const equals = arg.indexOf('=');
    const [name, inline] = arg.startsWith('--') && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
    switch (name) {
      case '--help':
      case '-h':
        help = true;
        break;
      case '--api-only':
      case '--worker-only': {
        const wanted = name === '--api-only' ? 'api' : 'worker';
        if (role !== 'all' && role !== wanted) throw new CliUsageError('--api-only and --worker-only exclude each other: start two processes instead');
        role = wanted;
        break;
      }
      case '--port': {
        const value = inline ?? argv[++index];
        if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65_535) {
          throw new CliUsageError(`--port needs a whole number from 0 to 65535, got ${JSON.stringify(value ?? '')}`);
        }
        port = Number(value);
        break;
      }
      case '--mine': {
        const value = inline ?? argv[++index];
        if (value === undefined || value.startsWith('--') || value.trim() === '') throw new CliUsageError('--mine needs chapter numbers, e.g. --mine 03,04');
        mine = mine === undefined ? value : `${mine},${value}`;
        break;
      }
      default:
        throw new CliUsageError(`unknown option ${JSON.stringify(arg)}; allowed: --api-only, --worker-only, --port <n>, --mine <chapters>, --help`);
    }
  }
  return { role, port, help, mine };
}
