import { ScryptPasswordHasher } from '../../../../chapters/02-architecture/adapters/crypto/scrypt-password-hasher.js';

/** A real scrypt hasher with a tiny cost, so tests stay fast. Production uses RECOMMENDED_SCRYPT_PARAMS. */
export function fastHasher(): ScryptPasswordHasher {
  return new ScryptPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 });
}
