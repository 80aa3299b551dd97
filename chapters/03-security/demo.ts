/**
 * Chapter 3 demo: `npm run demo -- 03` (or `npx tsx chapters/03-security/demo.ts`).
 * Users and refresh tokens in MongoDB from the provider chain; signs in over HTTP, calls a protected route, shows a
 * 401 and a 403, rotates a refresh token and catches its replay, hits the sign-in rate limit (Redis from REDIS_URL,
 * else ioredis-mock), then closes everything and exits by itself.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { MongoClient } from 'mongodb';
import { resolveMongo } from '../../platform/mongo/provider.js';
import { connectRedis } from '../../platform/redis/redis-provider.js';
import { ScryptPasswordHasher } from '../02-architecture/adapters/crypto/scrypt-password-hasher.js';
import { RecordingNotifier } from '../02-architecture/adapters/notifications/recording-notifier.js';
import { InMemoryOutbox } from '../02-architecture/adapters/outbox/in-memory-outbox.js';
import { MongoUserRepository } from '../02-architecture/adapters/persistence/mongo-user.repository.js';
import { createRegisterUser } from '../02-architecture/application/register-user.use-case.js';
import { createSecureApp } from './app.js';
import { createAuthConfig } from './auth/auth-config.js';
import { createAuthService } from './auth/auth.service.js';
import { MongoRefreshTokenStore } from './auth/mongo-refresh-token.store.js';
import { createTokenService } from './auth/token-service.js';
import { createRateLimiter } from './rate-limit/create-rate-limiter.js';
import { identityKey, rateLimit } from './rate-limit/rate-limit.middleware.js';
import { RATE_LIMIT_REDIS_OPTIONS } from './rate-limit/redis-script.js';
import { InMemoryUserRoles } from './users/roles.js';

interface Shown {
  status: number;
  body: Record<string, unknown>;
  line: string;
}

async function request(url: string, init: { body?: unknown; token?: string; method?: string } = {}): Promise<Shown> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const challenge = response.headers.get('www-authenticate');
  const retryAfter = response.headers.get('retry-after');
  const summary = response.ok
    ? Object.keys(body).join(',')
    : `${String(body.code)}${challenge ? ` | WWW-Authenticate: ${challenge}` : ''}${retryAfter ? ` | Retry-After: ${retryAfter} | RateLimit: ${response.headers.get('ratelimit') ?? ''}` : ''}`;
  return { status: response.status, body, line: `${response.status} ${summary}` };
}

const dbName = 'workbook_demo_03';
const mongo = await resolveMongo();
const client = await MongoClient.connect(mongo.uri, { serverSelectionTimeoutMS: 5_000 });
const redis = await connectRedis({ options: RATE_LIMIT_REDIS_OPTIONS });
try {
  const db = client.db(dbName);
  await db.dropDatabase(); // a fresh start when MONGODB_URI points at a kept server
  // A random secret per run: the demo's tokens die with it. A service reads AUTH_JWT_SECRET (authConfigFromEnv).
  const config = createAuthConfig({ secret: randomBytes(48) });
  const tokens = createTokenService(config);
  const users = await MongoUserRepository.create(db);
  const refreshTokens = await MongoRefreshTokenStore.create(db, { refreshTtlSeconds: config.refreshTtlSeconds });
  const hasher = new ScryptPasswordHasher({ cost: 2 ** 14, blockSize: 8, parallelization: 1 });
  const roles = new InMemoryUserRoles();
  const registerUser = createRegisterUser({
    users,
    hasher,
    notifier: new RecordingNotifier(),
    outbox: new InMemoryOutbox(),
  });
  const auth = createAuthService({ users, roles, hasher, tokens, refreshTokens });
  const ada = (
    await registerUser({ name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery' })
  ).user;
  const grace = (
    await registerUser({ name: 'Grace Hopper', email: 'grace@example.com', password: 'compilers are fun' })
  ).user;
  roles.grant(grace.id, 'admin');

  // Sign-in and refresh: 10 per minute per client IP (all shared by this demo's calls). A per-run key prefix, so a
  // shared Redis starts clean.
  const loginPolicy = { name: 'login', limit: 10, windowMs: 60_000 };
  const loginLimiter = createRateLimiter({ client: redis.client, policy: loginPolicy });
  const run = `demo-${process.pid}-${Date.now()}`;
  const credentialsLimiter = rateLimit({
    limiter: loginLimiter,
    keyOf: (req, res) => `${run}:${identityKey(req, res)}`,
  });
  const server = createSecureApp({
    registerUser,
    users,
    roles,
    auth,
    tokens,
    trustProxy: false,
    credentialsLimiter,
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    console.log(`\n== Sign in (${base}/auth/login)`);
    const adaLogin = await request(`${base}/auth/login`, {
      body: { email: 'ada@example.com', password: 'correct horse battery' },
    });
    console.log(`  Ada, right password      -> ${adaLogin.line}`);
    console.log(
      `  Ada, wrong password      -> ${(await request(`${base}/auth/login`, { body: { email: 'ada@example.com', password: 'guess' } })).line}`,
    );
    console.log(
      `  unknown email            -> ${(await request(`${base}/auth/login`, { body: { email: 'mallory@example.com', password: 'guess' } })).line}`,
    );
    console.log(
      `  {"email": {"$gt": ""}}   -> ${(await request(`${base}/auth/login`, { body: { email: { $gt: '' }, password: 'x' } })).line}`,
    );
    const adaToken = String(adaLogin.body.accessToken);

    console.log('\n== A protected route');
    console.log(`  GET /users/me with Ada's token -> ${(await request(`${base}/users/me`, { token: adaToken })).line}`);
    console.log(`  GET /users/me without a token  -> ${(await request(`${base}/users/me`)).line}`);
    console.log(
      `  GET /users/me, tampered token  -> ${(await request(`${base}/users/me`, { token: `${adaToken.slice(0, -2)}xx` })).line}`,
    );

    console.log('\n== An admin-only route');
    const graceToken = String(
      (await request(`${base}/auth/login`, { body: { email: 'grace@example.com', password: 'compilers are fun' } }))
        .body.accessToken,
    );
    console.log(`  Ada (user)    -> ${(await request(`${base}/admin/users/${ada.id}`, { token: adaToken })).line}`);
    console.log(`  Grace (admin) -> ${(await request(`${base}/admin/users/${ada.id}`, { token: graceToken })).line}`);

    console.log('\n== Refresh rotation and replay');
    const first = String(adaLogin.body.refreshToken);
    console.log(
      `  refresh with token #1        -> ${(await request(`${base}/auth/refresh`, { body: { refreshToken: first } })).line}`,
    );
    console.log(
      `  replay token #1 (a thief?)   -> ${(await request(`${base}/auth/refresh`, { body: { refreshToken: first } })).line}`,
    );
    console.log(
      `  Ada's access token afterwards -> ${(await request(`${base}/users/me`, { token: adaToken })).status} (the whole session was revoked)`,
    );
    const stored = await db.collection('refresh_tokens').findOne({});
    console.log(`  stored refresh token id is a SHA-256: ${/^[0-9a-f]{64}$/.test(String(stored?._id))}`);

    console.log(`\n== Sign-in rate limit (${loginPolicy.limit} per minute per client, on ${redis.provider})`);
    let last: Shown | undefined;
    for (let attempt = 1; attempt <= 12 && last?.status !== 429; attempt++) {
      last = await request(`${base}/auth/login`, { body: { email: 'ada@example.com', password: `guess ${attempt}` } });
      console.log(`  attempt ${attempt} -> ${last.line}`);
    }
  } finally {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
  await db.dropDatabase();
} finally {
  await redis.close();
  await client.close();
  await mongo.stop();
}
console.log('\ndone: server, Redis, MongoDB client and provider closed; the process exits by itself');
