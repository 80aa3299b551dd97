import type { Chapter } from './types.js';

export const securityChapter: Chapter = {
  number: '03',
  slug: '03-security',
  title: 'Security: authentication and rate limiting',
  page: 'chapters/03-security',
  exercises: [
    {
      id: '03.1',
      title: 'A permission guard with insufficient_scope',
      stub: 'exercises/03-security/01-permission-guard.ts',
      test: 'test/exercises/03-security/01-permission-guard.test.ts',
      hints: [
        'Read requireRole in chapters/03-security/auth/require-role.middleware.ts: principalOf(res) first (it throws the 401), then decide, then next().',
        'permissionsOf is a loop over roles adding map[role] into a Set. requirePermissions checks needed.length at build time and computes missing = needed.filter(p => !granted.has(p)) at request time.',
        'headers(): { \'WWW-Authenticate\': `${bearerChallenge(\'insufficient_scope\', \'the token lacks a required permission\')}, scope="${this.missing.join(\' \')}"` }; extensions(): { missingPermissions: this.missing }.',
      ],
      services: [],
    },
    {
      id: '03.2',
      title: 'Signing keys that rotate without logging everyone out',
      stub: 'exercises/03-security/02-signing-key-ring.ts',
      test: 'test/exercises/03-security/02-signing-key-ring.test.ts',
      hints: [
        'The chapter token service already writes `kid` when its config has a keyId: build one createTokenService(createAuthConfig({ ...settings, secret: key.secret, keyId: key.id })) per key.',
        'To verify, read the header without trusting it: jwt.decode(token, { complete: true })?.header.kid. Only a string that is a key of your Map may choose the verifier; the verifier then checks the signature with that key.',
        'createKeyRing: test each id against /^[A-Za-z0-9_-]{1,64}$/, keep a Set of seen ids, call createAuthConfig({ secret }) for the length rule, and throw AuthConfigError otherwise.',
      ],
      services: [],
    },
    {
      id: '03.3',
      title: 'A refresh token in a hardened cookie',
      stub: 'exercises/03-security/03-refresh-cookie.ts',
      test: 'test/exercises/03-security/03-refresh-cookie.test.ts',
      hints: [
        'Cookies are plain strings: `name=value; Max-Age=60; Path=/auth; HttpOnly; Secure; SameSite=Strict`. No library needed for one cookie.',
        'readRefreshCookie: header.split(\';\').map(s => s.trim()).filter(s => s.startsWith(`${REFRESH_COOKIE}=`)). Two values means someone planted a second cookie: refuse both.',
        'In the router, destructure the pair: const { refreshToken, refreshExpiresIn: _unused, ...access } = await auth.login(...); res.append(\'Set-Cookie\', serializeRefreshCookie(refreshToken, ttl)).json(access). Check Origin before touching the cookie on /refresh.',
      ],
      services: [],
    },
  ],
};
