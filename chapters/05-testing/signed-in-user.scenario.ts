import type { Scenario, ScenarioContext } from './load-gate/scenario.js';
import { createTestData, type NewUser } from './harness/test-data.js';
import { LoadGateOptionsError } from './load-gate/load-gate-errors.js';

/**
 * Registers `count` users through the API itself (`POST /users`), so the same seeding works against an in-process
 * app, the capstone, or a staging host, without reaching into anyone's database.
 */
export async function seedUsersOverHttp(baseUrl: string, count: number, data = createTestData()): Promise<NewUser[]> {
  const users = Array.from({ length: count }, () => data.user());
  for (const user of users) {
    const response = await fetch(new URL('/users', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    });
    const text = await response.text();
    if (response.status !== 201)
      throw new LoadGateOptionsError(
        `seeding failed: POST /users answered ${response.status} (${text.slice(0, 200)}); the scenario needs registered users`,
      );
  }
  return users;
}

const tokenOf = (context: ScenarioContext): Record<string, string> => ({
  authorization: `Bearer ${String(context.accessToken)}`,
});

function captureTokens(body: unknown, context: ScenarioContext): void {
  const { accessToken, refreshToken } = body as { accessToken?: unknown; refreshToken?: unknown };
  if (typeof accessToken !== 'string' || typeof refreshToken !== 'string')
    throw new Error('the token response has no tokens');
  context.accessToken = accessToken;
  context.refreshToken = refreshToken;
}

// #region scenario
/**
 * What a signed-in user does, per connection, in a loop: sign in, read the profile twice, rotate the refresh token
 * (a write), read again with the new access token, sign out (a write). Each pass takes the next seeded user.
 * All of it on the target's own test users: nothing here creates orders, sends mail or touches real accounts.
 */
export function signedInUserScenario(users: readonly NewUser[]): Scenario {
  if (users.length === 0) throw new LoadGateOptionsError('the signed-in user scenario needs at least one seeded user');
  let next = 0;
  return {
    name: 'sign in, read profile, rotate token, sign out',
    beginPass(context) {
      const user = users[next++ % users.length]!;
      context.email = user.email;
      context.password = user.password;
    },
    steps: [
      {
        name: 'POST /auth/login',
        method: 'POST',
        path: '/auth/login',
        body: (c) => ({ email: c.email, password: c.password }),
        capture: captureTokens,
      },
      { name: 'GET /users/me', path: '/users/me', headers: tokenOf },
      { name: 'GET /users/me (again)', path: '/users/me', headers: tokenOf },
      {
        name: 'POST /auth/refresh',
        method: 'POST',
        path: '/auth/refresh',
        body: (c) => ({ refreshToken: c.refreshToken }),
        capture: captureTokens,
      },
      { name: 'GET /users/me (new token)', path: '/users/me', headers: tokenOf },
      { name: 'POST /auth/logout', method: 'POST', path: '/auth/logout', headers: tokenOf, expect: [204] },
    ],
  };
}
// #endregion scenario
