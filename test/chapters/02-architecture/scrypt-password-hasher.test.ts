import { describe, expect, it } from 'vitest';
import {
  InvalidPasswordHashError,
  ScryptPasswordHasher,
} from '../../../chapters/02-architecture/adapters/crypto/scrypt-password-hasher.js';
import { fastHasher } from './support/fakes.js';

describe('ScryptPasswordHasher', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = fastHasher();
    const stored = await hasher.hash('correct horse battery');
    await expect(hasher.verify('correct horse battery', stored)).resolves.toBe(true);
    await expect(hasher.verify('correct horse batterY', stored)).resolves.toBe(false);
  });

  it('encodes algorithm, parameters, salt and hash, and never the password', async () => {
    const stored = await fastHasher().hash('correct horse battery');
    expect(stored).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored).not.toContain('correct');
  });

  it('uses a fresh random salt per hash, so equal passwords give different hashes', async () => {
    const hasher = fastHasher();
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('verifies with the parameters stored in the hash, so the cost can be raised later', async () => {
    const old = await fastHasher().hash('correct horse battery');
    const stronger = new ScryptPasswordHasher({ cost: 2 ** 11, blockSize: 8, parallelization: 1 });
    await expect(stronger.verify('correct horse battery', old)).resolves.toBe(true);
    expect(stronger.needsRehash(old)).toBe(true);
  });

  it.each([
    'plain-text',
    '$bcrypt$x$y$z',
    '$scrypt$ln=40,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA',
    '$scrypt$ln=10$a$b',
  ])('rejects the malformed stored hash %s with InvalidPasswordHashError', async (stored) => {
    await expect(fastHasher().verify('whatever', stored)).rejects.toBeInstanceOf(InvalidPasswordHashError);
  });

  it('refuses a cost that is not a power of two', () => {
    expect(() => new ScryptPasswordHasher({ cost: 1000, blockSize: 8, parallelization: 1 })).toThrow(RangeError);
  });
});
