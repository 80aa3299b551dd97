import { describe, expect, it, vi } from 'vitest';
import { InvalidCredentialsError } from '../../../chapters/03-security/auth/auth-errors.js';
import { createAuthService } from '../../../chapters/03-security/auth/auth.service.js';
import { ada, securityFixture } from './support/security-app.js';

describe('login takes comparable paths for an unknown email and a wrong password', () => {
  it('runs exactly one scrypt verify on each path, against a real hash', async () => {
    const fx = await securityFixture();
    const hasher = { hash: vi.fn(async (pw: string) => `h:${pw}`), verify: vi.fn(async () => false) };
    // The hasher spy wraps nothing real: it records the calls, and every verify fails.
    const auth = createAuthService({
      users: fx.users,
      roles: fx.roles,
      hasher,
      tokens: fx.tokens,
      refreshTokens: fx.refreshTokens,
    });
    await expect(auth.login('nobody@example.com', 'whatever pw')).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(auth.login(ada.email, 'wrong password')).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(hasher.verify).toHaveBeenCalledTimes(2);
    const [unknownCall, knownCall] = hasher.verify.mock.calls as unknown as [string, string][];
    expect(unknownCall?.[1]).toMatch(/^h:/); // the dummy hash made at start-up
    expect(knownCall?.[1]).toMatch(/^\$scrypt\$/); // Ada's stored hash
    expect(hasher.hash).toHaveBeenCalledTimes(1);
  });
});
