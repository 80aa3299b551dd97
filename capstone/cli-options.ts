import { parseArgs } from 'node:util';
import { CodedError } from '../platform/errors/coded-error.js';

/** Options of `npm start -- [options]`. */
export interface CliOptions {
  readonly role: 'all' | 'api' | 'worker';
  /** Overrides PORT: the api's port, or with --worker-only the worker's health/metrics port. */
  readonly port: number | undefined;
  readonly help: boolean;
  /** `--mine 03,04`: chapter numbers whose exercise implementations replace the capstone's ports (checked later). */
  readonly mine: string | undefined;
}

export class CliUsageError extends CodedError {
  readonly code = 'CLI_USAGE';
}

const ENVIRONMENT = `Environment: PORT, HOST, NODE_ENV, LOG_LEVEL, AUTH_JWT_SECRET (required in production), MONGODB_URI, MONGODB_DB,
MONGODB_TIMEOUT_MS, REDIS_URL, AMQP_URL, ETCD_URL, SERVICE_NAMESPACE, SCRYPT_LOG2_COST, INVOICE_WORKER_THREADS,
ORDER_CLAIM_TTL_MS, SHUTDOWN_DRAIN_MS, SHUTDOWN_READINESS_DELAY_MS, TRUST_PROXY, RATE_LIMIT_AUTH_PER_MINUTE, RATE_LIMIT_API_PER_MINUTE.`;

/** `npm start -- --help`: the workbook's entry, which brings stand-ins, demo data and `--mine`. */
export const USAGE = `Usage: npm start -- [options]

Starts the orders service (api and worker) for development. Without AMQP_URL both run in this process; with
AMQP_URL they run as separate processes. A service whose URL is unset is replaced by an in-process stand-in.

Options:
  --api-only        run one api instance (point it at shared services with MONGODB_URI, REDIS_URL, AMQP_URL)
  --worker-only     run one worker instance
  --port <n>        the api's port (default: PORT, else 3000); with --worker-only, the worker's health port
  --mine <chapters> run your exercise code in place of the capstone's where an exercise implements one of its
                    ports, e.g. --mine 03,04 (03: rate limiter; 04: cache and worker pool)
  --help            show this text

${ENVIRONMENT} SEED_DEMO_DATA (demo accounts and products; default on). See docs/capstone.md.`;

/** `node dist/capstone/main.js --help`: the production entry, real services only. */
export const PRODUCTION_USAGE = `Usage: node dist/capstone/main.js [options]

Runs the orders service on the services the environment names: MONGODB_URI, REDIS_URL and AMQP_URL are required,
ETCD_URL is optional (without it the service registers nowhere). No stand-in, no demo data.

Options:
  --api-only        run the api only (one replica of the api Deployment)
  --worker-only     run the worker only
  --port <n>        the api's port (default: PORT, else 3000); with --worker-only, the worker's health port
  --help            show this text

${ENVIRONMENT} See docs/capstone.md.`;

/** Parses the arguments after `npm start --` with `node:util` `parseArgs`; throws CliUsageError naming what is wrong. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  let values: { help?: boolean; 'api-only'?: boolean; 'worker-only'?: boolean; port?: string; mine?: string[] };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h' },
        'api-only': { type: 'boolean' },
        'worker-only': { type: 'boolean' },
        port: { type: 'string' },
        mine: { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (
      code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' &&
      argv.some((arg) => arg === '--mine' || arg.startsWith('--mine='))
    ) {
      throw new CliUsageError('--mine needs chapter numbers, e.g. --mine 03,04', { cause: error });
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new CliUsageError('--port needs a whole number from 0 to 65535', { cause: error });
    throw new CliUsageError(
      `${(error as Error).message}; allowed: --api-only, --worker-only, --port <n>, --mine <chapters>, --help`,
      { cause: error },
    );
  }
  if (values['api-only'] && values['worker-only'])
    throw new CliUsageError('--api-only and --worker-only exclude each other: start two processes instead');
  const { port } = values;
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) > 65_535)) {
    throw new CliUsageError(`--port needs a whole number from 0 to 65535, got ${JSON.stringify(port)}`);
  }
  const mine = values.mine;
  if (mine?.some((value) => value.startsWith('--') || value.trim() === ''))
    throw new CliUsageError('--mine needs chapter numbers, e.g. --mine 03,04');
  return {
    role: values['api-only'] ? 'api' : values['worker-only'] ? 'worker' : 'all',
    port: port === undefined ? undefined : Number(port),
    help: values.help ?? false,
    mine: mine?.join(','),
  };
}
