/**
 * The capstone's configuration: one zod schema over the environment, validated once at start-up. A bad value stops
 * the process before anything opens, with one line per variable saying what was wrong and what is allowed.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { MIN_SECRET_BYTES } from '../chapters/03-security/auth/auth-config.js';
import { CodedError } from '../platform/errors/coded-error.js';

/** Thrown by `loadConfig` with every problem found, never just the first. */
export class ConfigError extends CodedError {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly problems: readonly string[]) {
    super(`The configuration is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const wholeNumber = (min: number, max: number): z.ZodType<number> =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `expected a whole number from ${min} to ${max}`)
        .max(max, `expected a whole number from ${min} to ${max}`),
    );

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

// Checked by scheme, not by `new URL`: a MongoDB seed list (`mongodb://a:27017,b:27017/?replicaSet=rs0`) is the normal
// production form and is not a WHATWG URL.
const url = (schemes: readonly string[]): z.ZodType<string> =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        const match = /^([a-z][a-z0-9+.-]*):\/\/\S+$/i.exec(value);
        return match !== null && schemes.includes(match[1]!.toLowerCase());
      },
      `expected a URL starting with ${schemes.map((scheme) => `${scheme}://`).join(' or ')}`,
    );

// #region schema
/** Every variable the capstone reads. Unset and empty mean "use the default". */
export const configSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'], { error: 'expected development, test or production' })
    .default('development'),
  PORT: wholeNumber(0, 65_535).default(3000),
  /** 127.0.0.1 outside production, so a demo is not reachable from the network; 0.0.0.0 in a container. */
  HOST: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  AUTH_JWT_SECRET: z.string().optional(),
  MONGODB_DB: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'expected 1-63 of A-Z, a-z, 0-9, _ and -')
    .default('orders'),
  MONGODB_URI: url(['mongodb', 'mongodb+srv']).optional(),
  REDIS_URL: url(['redis', 'rediss']).optional(),
  AMQP_URL: url(['amqp', 'amqps']).optional(),
  /**
   * Names what this service owns in shared infrastructure, so several deployments can share one Redis, RabbitMQ or
   * etcd: Redis keys and channels start with `<ns>:`, the exchange is `<ns>` (queues `<ns>.<group>`), etcd keys `<ns>/`.
   */
  SERVICE_NAMESPACE: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'expected 1-100 of A-Z, a-z, 0-9, _ and -')
    .default('orders'),
  /**
   * How long a MongoDB call may wait: for a server to select (unreachable) and for a reply on the socket (blocked).
   * Past it, requests get a 503 problem instead of hanging. Keep it under the clients' own timeouts.
   */
  MONGODB_TIMEOUT_MS: wholeNumber(100, 120_000).default(5_000),
  /** Service discovery on etcd (Chapter 6); unset: an in-process registry. */
  ETCD_URL: url(['http', 'https']).optional(),
  /** log2 of scrypt's cost N: 17 is OWASP's minimum; tests lower it to stay fast. */
  SCRYPT_LOG2_COST: wholeNumber(10, 20).default(17),
  /** Threads of the worker's invoice pool (Chapter 4); 0 builds invoices on the event loop. */
  INVOICE_WORKER_THREADS: wholeNumber(0, 64).default(2),
  /**
   * How long a worker's claim on an order outlives the worker if it dies mid-order: the redelivered message waits
   * this long before another worker takes the order over. Keep it well above the slowest order (a few MongoDB calls
   * of MONGODB_TIMEOUT_MS each, and the invoice).
   */
  ORDER_CLAIM_TTL_MS: wholeNumber(5_000, 600_000).default(60_000),
  /** How long in-flight requests get on shutdown. Keep it under the platform's grace period. */
  SHUTDOWN_DRAIN_MS: wholeNumber(100, 60_000).default(5_000),
  /**
   * After SIGTERM or SIGINT the api reports not ready at once but keeps accepting this long, then stops accepting and
   * drains: a load balancer may still route here until it hears (Kubernetes removes endpoints asynchronously).
   * Default 5 s in production, 0 otherwise, so `npm start` stops at once.
   */
  SHUTDOWN_READINESS_DELAY_MS: wholeNumber(0, 60_000).optional(),
  /** `false`, a hop count, or comma-separated proxy addresses: what may set X-Forwarded-For. */
  TRUST_PROXY: z.string().trim().default('false'),
  /** Demo products, user and admin, seeded by `npm start` only (the production entry has no demo data); default on outside production. */
  SEED_DEMO_DATA: flag.optional(),
  RATE_LIMIT_AUTH_PER_MINUTE: wholeNumber(1, 1_000_000).default(10),
  RATE_LIMIT_API_PER_MINUTE: wholeNumber(1, 10_000_000).default(6_000),
});
// #endregion schema

export type RawConfig = z.infer<typeof configSchema>;

/** The validated configuration, with defaults that depend on other values already applied. */
export interface CapstoneConfig extends Omit<
  RawConfig,
  'HOST' | 'AUTH_JWT_SECRET' | 'SEED_DEMO_DATA' | 'TRUST_PROXY' | 'SHUTDOWN_READINESS_DELAY_MS'
> {
  readonly HOST: string;
  readonly SHUTDOWN_READINESS_DELAY_MS: number;
  readonly AUTH_JWT_SECRET: Buffer;
  /** True when the secret was generated for this run (demo mode): tokens die with the process. */
  readonly generatedSecret: boolean;
  readonly SEED_DEMO_DATA: boolean;
  readonly TRUST_PROXY: false | number | string[];
}

function parseTrustProxy(raw: string): false | number | string[] | undefined {
  if (raw === '' || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const list = raw.split(',').map((part) => part.trim());
  return list.every((part) => /^[0-9a-fA-F.:/]+$/.test(part) || ['loopback', 'linklocal', 'uniquelocal'].includes(part))
    ? list
    : undefined;
}

/**
 * Validates the environment. Empty strings count as unset, so `PORT= npm start` means the default.
 *
 * @example
 * const config = loadConfig(process.env); // throws ConfigError naming each bad variable
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CapstoneConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '(environment)');
      const shown = name === 'AUTH_JWT_SECRET' ? '(hidden)' : JSON.stringify(input[name] ?? '');
      problems.push(`${name}=${shown}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const raw = parsed.data;
  const production = raw.NODE_ENV === 'production';
  const trustProxy = parseTrustProxy(raw.TRUST_PROXY);
  if (trustProxy === undefined)
    problems.push(
      `TRUST_PROXY=${JSON.stringify(raw.TRUST_PROXY)}: expected false, a hop count, or comma-separated proxy addresses`,
    );

  let secret: Buffer;
  let generatedSecret = false;
  if (raw.AUTH_JWT_SECRET !== undefined) {
    secret = Buffer.from(raw.AUTH_JWT_SECRET, 'utf8');
    if (secret.length < MIN_SECRET_BYTES) {
      problems.push(
        `AUTH_JWT_SECRET=(hidden): it is ${secret.length} bytes; expected at least ${MIN_SECRET_BYTES} random bytes, e.g. \`openssl rand -base64 48\``,
      );
    }
  } else if (production) {
    problems.push(
      `AUTH_JWT_SECRET is required when NODE_ENV=production: at least ${MIN_SECRET_BYTES} random bytes, e.g. \`openssl rand -base64 48\``,
    );
    secret = Buffer.alloc(0);
  } else {
    secret = randomBytes(48);
    generatedSecret = true;
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    ...raw,
    HOST: raw.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    AUTH_JWT_SECRET: secret,
    generatedSecret,
    SEED_DEMO_DATA: raw.SEED_DEMO_DATA ?? !production,
    SHUTDOWN_READINESS_DELAY_MS: raw.SHUTDOWN_READINESS_DELAY_MS ?? (production ? 5_000 : 0),
    TRUST_PROXY: trustProxy ?? false,
  };
}
