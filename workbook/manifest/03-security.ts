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
    {
      id: '03.4',
      title: 'A token bucket behind the limiter port',
      stub: 'exercises/03-security/04-token-bucket.ts',
      test: 'test/exercises/03-security/04-token-bucket.test.ts',
      hints: [
        'The port is in chapters/03-security/rate-limit/rate-limiter.port.ts; InMemorySlidingWindowLimiter beside it is a complete in-memory implementation to compare with.',
        'Refill rate is policy.limit / policy.windowMs tokens per ms. available = min(limit, tokens + (now - updatedAt) * rate); a missing bucket is full.',
        'Allowed: tokens = available - 1, remaining = floor(tokens), resetMs = ceil((limit - tokens) / rate). Refused: return the old state unchanged and retryAfterMs = ceil((1 - available) / rate). Compare with a tiny tolerance (available + 1e-9 >= 1) so float rounding cannot refuse a whole token.',
      ],
      services: [],
      capstonePort: 'rate-limiter',
    },
    {
      id: '03.5',
      title: 'The client address behind trusted proxies',
      stub: 'exercises/03-security/05-client-address.ts',
      test: 'test/exercises/03-security/05-client-address.test.ts',
      hints: [
        'Each proxy appends the address it received the request from to X-Forwarded-For. Only entries appended by proxies you trust are facts; everything else was typed by the client.',
        'node:net has BlockList with addAddress(ip, type), addSubnet(ip, prefix, type) and check(ip, type); isIP() returns 0, 4 or 6.',
        'current = normalise(remoteAddress); hops = header.split(',').map(normalise); while (trusted(current) && hops.length) { const next = hops.pop(); if (!isIP(next)) break; current = next; } return current.',
      ],
      services: [],
    },
    {
      id: '03.6',
      title: 'A sign-in throttle that cannot lock the owner out',
      stub: 'exercises/03-security/06-login-throttle.ts',
      test: 'test/exercises/03-security/06-login-throttle.test.ts',
      hints: [
        'Keep a Map<string, number[]> of failure times per key, and drop the ones older than windowMs whenever you read it.',
        'Two keys per attempt: `acct:<email lower-cased and trimmed>|<address>` and `addr:<address>`. A success deletes only the first.',
        'Wait time for a key at its maximum: the time the oldest failure that still counts leaves the window, recent[recent.length - max] + windowMs - now. throttledLogin: check(); try { login; recordSuccess } catch (e) { if (e instanceof InvalidCredentialsError) recordFailure; throw e }.',
      ],
      services: [],
    },
  ],
};
