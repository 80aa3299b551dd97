import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../../application/ports/password-hasher.port.js';
import { CodedError } from '../../../../platform/errors/coded-error.js';

/** Cost parameters. `cost` (N) must be a power of two; memory use is about 128 * N * r bytes. */
export interface ScryptParams {
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
}

/** OWASP's minimum for scrypt (N=2^17, r=8, p=1), about 128 MiB and tens of milliseconds per hash. */
export const RECOMMENDED_SCRYPT_PARAMS: ScryptParams = { cost: 2 ** 17, blockSize: 8, parallelization: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Refuse stored parameters above this: a tampered hash must not make verify() allocate gigabytes. */
const MAX_COST = 2 ** 20;

/** A stored hash that is not in the `$scrypt$ln=..,r=..,p=..$salt$hash` form this adapter writes. */
export class InvalidPasswordHashError extends CodedError {
  readonly code = 'INVALID_PASSWORD_HASH';

  constructor(reason: string) {
    super(`stored password hash is not a valid scrypt hash: ${reason}`);
  }
}

// scrypt with a promise. (util.promisify picks the overload without options, so the cost could not be passed.)
function deriveKey(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.cost,
    r: params.blockSize,
    p: params.parallelization,
    maxmem: 256 * params.cost * params.blockSize,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

// #region encode
function encode(params: ScryptParams, salt: Buffer, key: Buffer): string {
  const ln = Math.log2(params.cost);
  return `$scrypt$ln=${ln},r=${params.blockSize},p=${params.parallelization}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}
// #endregion encode

function decode(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } {
  const parts = encoded.split('$');
  // ['', 'scrypt', 'ln=14,r=8,p=1', salt, key]
  if (parts.length !== 5 || parts[0] !== '' || parts[1] !== 'scrypt')
    throw new InvalidPasswordHashError('expected $scrypt$ln=..,r=..,p=..$salt$hash');
  const fields = new Map((parts[2] ?? '').split(',').map((pair) => pair.split('=') as [string, string]));
  const ln = Number(fields.get('ln'));
  const r = Number(fields.get('r'));
  const p = Number(fields.get('p'));
  if (![ln, r, p].every((n) => Number.isInteger(n) && n > 0) || 2 ** ln > MAX_COST || r > 32 || p > 16) {
    throw new InvalidPasswordHashError('parameters ln, r, p are missing or out of range');
  }
  const salt = Buffer.from(parts[3] ?? '', 'base64url');
  const key = Buffer.from(parts[4] ?? '', 'base64url');
  if (salt.length < 8 || key.length < 16) throw new InvalidPasswordHashError('salt or hash too short');
  return { params: { cost: 2 ** ln, blockSize: r, parallelization: p }, salt, key };
}

/**
 * Password hashing with node:crypto scrypt: a random 16-byte salt per password, parameters stored in the hash so they
 * can be raised later without breaking old hashes, and a constant-time comparison.
 *
 * @example
 * const hasher = new ScryptPasswordHasher();
 * const stored = await hasher.hash('correct horse battery staple');
 * await hasher.verify('correct horse battery staple', stored); // true
 */
export class ScryptPasswordHasher implements PasswordHasher {
  constructor(private readonly params: ScryptParams = RECOMMENDED_SCRYPT_PARAMS) {
    if (!Number.isInteger(Math.log2(params.cost)) || params.cost < 2) {
      throw new RangeError(`scrypt cost must be a power of two of at least 2, not ${params.cost}`);
    }
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await deriveKey(password, salt, KEY_BYTES, this.params);
    return encode(this.params, salt, key);
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const { params, salt, key } = decode(encoded);
    const candidate = await deriveKey(password, salt, key.length, params);
    // timingSafeEqual: the time taken does not tell an attacker how many leading bytes matched.
    return timingSafeEqual(candidate, key);
  }

  /** True when `encoded` was made with weaker parameters than this hasher's: rehash at the next sign-in. */
  needsRehash(encoded: string): boolean {
    const { params } = decode(encoded);
    return params.cost < this.params.cost || params.blockSize < this.params.blockSize;
  }
}
