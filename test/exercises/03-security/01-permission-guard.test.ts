import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecureApp } from '../../../chapters/03-security/app.js';
import { requireAuth } from '../../../chapters/03-security/auth/bearer-auth.middleware.js';
import type { Role } from '../../../chapters/03-security/users/roles.js';
import {
  ada,
  bearer,
  call,
  grace,
  listen,
  securityFixture,
  type RunningServer,
} from '../../chapters/03-security/support/security-app.js';
import {
  DEFAULT_ROLE_PERMISSIONS,
  MissingPermissionError,
  permissionsOf,
  requirePermissions,
} from '#exercise/03-security/01-permission-guard';

let server: RunningServer;
let adaToken: string;
let graceToken: string;

beforeAll(async () => {
  const fx = await securityFixture();
  const guard = requireAuth({ tokens: fx.tokens, sessions: fx.auth });
  const app = createSecureApp({
    ...fx.deps,
    mount(app) {
      // Built lazily inside mount, so a stub that throws fails each test, not the whole file.
      app.get(
        '/reports',
        guard,
        (req, res, next) => requirePermissions(['reports:export'])(req, res, next),
        (_req, res) => {
          res.json({ report: 'ok' });
        },
      );
      app.delete(
        '/users/:id',
        guard,
        (req, res, next) => requirePermissions(['users:read', 'users:delete'])(req, res, next),
        (_req, res) => {
          res.status(204).end();
        },
      );
      app.get(
        '/profile-report',
        guard,
        (req, res, next) => requirePermissions(['profile:read', 'reports:export'])(req, res, next),
        (_req, res) => {
          res.json({ report: 'ok' });
        },
      );
      app.get(
        '/unguarded',
        (req, res, next) => requirePermissions(['profile:read'])(req, res, next),
        (_req, res) => {
          res.json({});
        },
      );
    },
  });
  server = await listen(app);
  adaToken = String((await fx.auth.login(ada.email, ada.password)).accessToken);
  graceToken = String((await fx.auth.login(grace.email, grace.password)).accessToken);
});
afterAll(async () => server.close());

describe('03.1 permission guard', () => {
  it('collects the union of permissions of every role', () => {
    expect([...permissionsOf(['user'])]).toEqual(['profile:read']);
    expect(permissionsOf(['user', 'admin'])).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.admin));
    expect(permissionsOf([], DEFAULT_ROLE_PERMISSIONS).size).toBe(0);
  });

  it('reads the permissions from the map it is given', () => {
    const map = { user: ['reports:export'], admin: [] } as const;
    expect([...permissionsOf(['user'], map)]).toEqual(['reports:export']);
  });

  it('grants nothing for a role the map does not know, instead of failing', () => {
    expect([...permissionsOf(['user', 'auditor' as Role])]).toEqual(['profile:read']);
  });

  it('refuses to build a guard that asks for nothing, and says why', () => {
    expect(() => requirePermissions([])).toThrow(TypeError);
    expect(() => requirePermissions([])).toThrow(/\w/);
  });

  it('admits a caller whose roles grant every permission asked for', async () => {
    expect((await call(`${server.url}/reports`, { headers: bearer(graceToken) })).status).toBe(200);
    expect((await call(`${server.url}/users/x`, { method: 'DELETE', headers: bearer(graceToken) })).status).toBe(204);
  });

  it('answers 403 with insufficient_scope, the scope and missingPermissions when one is lacking', async () => {
    const response = await call(`${server.url}/users/x`, { method: 'DELETE', headers: bearer(adaToken) });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      code: 'MISSING_PERMISSION',
      missingPermissions: ['users:read', 'users:delete'],
    });
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="workbook", error="insufficient_scope", .*scope="users:read users:delete"$/,
    );
  });

  it('names only the permissions that are lacking, not every one asked for', async () => {
    const response = await call(`${server.url}/profile-report`, { headers: bearer(adaToken) });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ missingPermissions: ['reports:export'] });
    expect(response.headers.get('www-authenticate')).toMatch(/, scope="reports:export"$/);
  });

  it('explains the refusal in words in the challenge', () => {
    const challenge = new MissingPermissionError(['users:delete']).headers()['WWW-Authenticate'];
    expect(challenge).toMatch(
      /^Bearer realm="workbook", error="insufficient_scope", error_description="[^"]+", scope="users:delete"$/,
    );
  });

  it('answers 401, not 403, when the route forgot requireAuth', async () => {
    const response = await call(`${server.url}/unguarded`);
    expect(response.status).toBe(401);
  });

  it('says in words which permissions are missing', async () => {
    const response = await call(`${server.url}/users/x`, { method: 'DELETE', headers: bearer(adaToken) });
    expect(response.body.detail).toMatch(/users:read, users:delete/);
  });

  it('is a ForbiddenError the problem-details middleware understands', () => {
    const error = new MissingPermissionError(['users:delete']);
    expect(error.status).toBe(403);
    expect(error.extensions()).toEqual({ missingPermissions: ['users:delete'] });
  });
});
