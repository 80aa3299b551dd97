/**
 * The HTTP contract of the orders service (issue 17), as one suite that runs against any `RunningCapstone`: the
 * embedded one-process mode and the separate-process mode on real Redis and RabbitMQ run the same assertions.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_ADMIN, DEMO_PRODUCTS, DEMO_USER } from '../../../capstone/api/demo-data.js';
import { slowDeadline, slowTimeout } from '../../support/slow-tests.js';
import type { RunningCapstone } from './capstone-harness.js';
import { call, type Answer } from './http.js';

const PROBLEM = /^application\/problem\+json/;
const [MUG, HOODIE, , SOCKS] = DEMO_PRODUCTS;

function expectProblem(answer: Answer, status: number, code?: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(PROBLEM);
  expect(answer.body.status).toBe(status);
  if (code) expect(answer.body.code).toBe(code);
}

/** Starts a service; `overrides` are environment settings on top of the harness's test settings. */
export type StartService = (overrides?: Record<string, string>) => Promise<RunningCapstone>;

export function describeOrdersContract(title: string, start: StartService, skip: string | false = false): void {
  describe.skipIf(skip !== false)(skip === false ? title : `${title} (skipped: ${skip})`, () => {
    let service: RunningCapstone;
    let base: string;
    const signIn = async (email: string, password: string): Promise<{ accessToken: string; refreshToken: string }> => {
      const answer = await call(base, 'POST', '/api/auth/login', { body: { email, password } });
      expect(answer.status, answer.text).toBe(200);
      return { accessToken: String(answer.body.accessToken), refreshToken: String(answer.body.refreshToken) };
    };
    const newUser = async (): Promise<{ id: string; email: string; token: string }> => {
      const email = `user-${randomUUID()}@example.com`;
      const created = await call(base, 'POST', '/api/users', {
        body: { name: 'Test User', email, password: 'a long enough password' },
      });
      expect(created.status, created.text).toBe(201);
      return { id: String(created.body.id), email, token: (await signIn(email, 'a long enough password')).accessToken };
    };
    const product = async (id: string): Promise<Record<string, unknown>> =>
      (await call(base, 'GET', `/api/products/${id}`)).body;
    const settled = async (id: string, token: string): Promise<Record<string, unknown>> =>
      vi.waitFor(
        async () => {
          const answer = await call(base, 'GET', `/api/orders/${id}`, { token });
          expect(answer.status).toBe(200);
          expect(answer.body.status).not.toBe('pending');
          return answer.body;
        },
        { timeout: slowDeadline(10_000), interval: 50 },
      );

    beforeAll(async () => {
      service = await start();
      base = service.url;
    }, slowTimeout(20_000));
    afterAll(async () => {
      await service?.stop();
    }, slowTimeout(20_000));

    describe('platform', () => {
      it('sets security headers and never says what it runs on', async () => {
        const answer = await call(base, 'GET', '/health/live');
        expect(answer.status).toBe(200);
        expect(answer.headers.get('x-powered-by')).toBeNull();
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(answer.headers.get('x-request-id')).toBeTruthy();
      });

      it('is ready and names each dependency it checked', async () => {
        const answer = await call(base, 'GET', '/health/ready');
        expect(answer.status, answer.text).toBe(200);
        expect((answer.body.checks as { name: string }[]).map((check) => check.name).sort()).toEqual([
          'amqp',
          'mongo',
          'redis',
        ]);
      });

      it('exposes Prometheus metrics labelled by route template, not by URL, with the database pool gauges', async () => {
        await call(base, 'GET', `/api/products/${MUG.id}`);
        const answer = await call(base, 'GET', '/metrics');
        expect(answer.status).toBe(200);
        expect(answer.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/products\/:id"/);
        expect(answer.text).not.toContain(`route="/api/products/${MUG.id}"`);
        // The probes' router is mounted at `/health`: its routes are still labelled by their full path.
        expect(answer.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health\/live"/);
        expect(answer.text).toMatch(/^mongodb_pool_connections_open(\{[^}]*\})? [1-9]/m);
        expect(answer.text).toMatch(/^orders_placed_total/m);
      });

      it('puts RateLimit headers on API answers', async () => {
        const answer = await call(base, 'GET', '/api/products?limit=1');
        expect(answer.headers.get('ratelimit-policy')).toMatch(/^"api";q=\d+;w=60$/);
        expect(answer.headers.get('ratelimit')).toMatch(/^"api";r=\d+;t=\d+$/);
      });

      it('serves an OpenAPI 3.1 document generated from the request schemas', async () => {
        const answer = await call(base, 'GET', '/api/openapi.json');
        expect(answer.body.openapi).toBe('3.1.0');
        const paths = Object.keys(answer.body.paths as object);
        expect(paths).toEqual(
          expect.arrayContaining([
            '/api/users',
            '/api/auth/login',
            '/api/auth/refresh',
            '/api/auth/logout',
            '/api/users/me',
            '/api/products',
            '/api/products/{id}',
            '/api/orders',
            '/api/orders/{id}',
          ]),
        );
        const schemas = (
          answer.body.components as {
            schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
          }
        ).schemas;
        expect(schemas.PlaceOrder?.required).toEqual(['items']);
        expect(schemas.RegisterUser?.properties).toHaveProperty('password');
        expect(schemas.User?.properties).not.toHaveProperty('password');
      });

      it('announces the api to the service registry with the address it serves on', async () => {
        const instances = await service.lookup('orders-api');
        if (instances === undefined) return expect(service.mode).toContain('separate processes'); // no shared registry to look in
        expect(instances.map((instance) => `http://${instance.address}:${instance.port}`)).toContain(base);
      });

      it('answers an unknown route with a 404 problem', async () => {
        expectProblem(await call(base, 'GET', '/no-such-route'), 404, 'NOT_FOUND');
        expectProblem(await call(base, 'GET', '/api/no-such-route'), 404, 'NOT_FOUND');
      });

      it('refuses malformed JSON with a 400 and an oversized body with a 413, both as problems', async () => {
        expectProblem(await call(base, 'POST', '/api/users', { rawBody: '{"name": "Ada",' }), 400, 'MALFORMED_JSON');
        expectProblem(
          await call(base, 'POST', '/api/users', { rawBody: JSON.stringify({ name: 'x'.repeat(20_000) }) }),
          413,
          'PAYLOAD_TOO_LARGE',
        );
      });
    });

    describe('users and sign-in', () => {
      it('registers a user without ever returning the password or its hash', async () => {
        const email = `ada-${randomUUID()}@example.com`;
        const answer = await call(base, 'POST', '/api/users', {
          body: { name: 'Ada', email, password: 'correct horse battery' },
        });
        expect(answer.status, answer.text).toBe(201);
        expect(Object.keys(answer.body).sort()).toEqual(['createdAt', 'email', 'id', 'name']);
      });

      it('refuses an invalid registration with a 400 naming the field, and a taken email with a 409', async () => {
        const invalid = await call(base, 'POST', '/api/users', {
          body: { name: 'Ada', email: 'ada@example.com', password: 'short' },
        });
        expectProblem(invalid, 400);
        expect(JSON.stringify(invalid.body.errors)).toContain('password');
        expectProblem(
          await call(base, 'POST', '/api/users', {
            body: { name: 'Ada', email: DEMO_USER.email, password: 'another password' },
          }),
          409,
          'EMAIL_TAKEN',
        );
      });

      it('signs in the demo user, and refuses a wrong password with a 401 challenge', async () => {
        const ok = await call(base, 'POST', '/api/auth/login', {
          body: { email: DEMO_USER.email, password: DEMO_USER.password },
        });
        expect(ok.status).toBe(200);
        expect(ok.body).toMatchObject({
          tokenType: 'Bearer',
          expiresIn: expect.any(Number),
          accessToken: expect.any(String),
          refreshToken: expect.any(String),
        });
        const wrong = await call(base, 'POST', '/api/auth/login', {
          body: { email: DEMO_USER.email, password: 'not the password' },
        });
        expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
        expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer /);
      });

      it('rotates refresh tokens, and the reuse of a rotated one revokes the whole session', async () => {
        const first = await signIn(DEMO_USER.email, DEMO_USER.password);
        const rotated = await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
        expect(rotated.status, rotated.text).toBe(200);
        expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
        expectProblem(
          await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } }),
          401,
          'INVALID_TOKEN',
        );
        expectProblem(
          await call(base, 'POST', '/api/auth/refresh', { body: { refreshToken: String(rotated.body.refreshToken) } }),
          401,
        );
        expectProblem(await call(base, 'GET', '/api/users/me', { token: String(rotated.body.accessToken) }), 401);
      });

      it('returns the profile to its owner, without a hash, and a 401 without a token', async () => {
        const { accessToken } = await signIn(DEMO_USER.email, DEMO_USER.password);
        const me = await call(base, 'GET', '/api/users/me', { token: accessToken });
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({ email: DEMO_USER.email, name: DEMO_USER.name, roles: ['user'] });
        expect(me.text).not.toMatch(/passwordHash|scrypt/);
        expectProblem(await call(base, 'GET', '/api/users/me'), 401, 'MISSING_CREDENTIALS');
      });

      it('logs out with a 204, after which the access token is refused', async () => {
        const { accessToken } = await signIn(DEMO_USER.email, DEMO_USER.password);
        expect((await call(base, 'POST', '/api/auth/logout', { token: accessToken })).status).toBe(204);
        expectProblem(await call(base, 'GET', '/api/users/me', { token: accessToken }), 401, 'INVALID_TOKEN');
      });
    });

    describe('products', () => {
      it('pages through every product with keyset cursors, in name order, without repeats', async () => {
        const seen: { id: string; name: string }[] = [];
        let after: string | null = null;
        do {
          const query: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
          const page = await call(base, 'GET', `/api/products?limit=2${query}`);
          expect(page.status, page.text).toBe(200);
          const items = page.body.items as { id: string; name: string }[];
          expect(items.length).toBeLessThanOrEqual(2);
          seen.push(...items);
          after = page.body.next as string | null;
        } while (after !== null);
        expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
        const names = seen.map((item) => item.name);
        expect(names).toEqual([...names].sort());
        expect(seen.map((item) => item.id)).toEqual(expect.arrayContaining(DEMO_PRODUCTS.map((item) => item.id)));
      });

      it('refuses a bad limit or cursor with a 400 naming the parameter', async () => {
        const limit = await call(base, 'GET', '/api/products?limit=1000');
        expectProblem(limit, 400);
        expect(JSON.stringify(limit.body.errors)).toContain('limit');
        const cursor = await call(base, 'GET', '/api/products?after=not-a-cursor');
        expectProblem(cursor, 400);
        expect(JSON.stringify(cursor.body.errors)).toContain('after');
      });

      it('returns one product, and a 404 for an unknown or malformed id', async () => {
        expect(await product(HOODIE.id)).toMatchObject({
          id: HOODIE.id,
          name: HOODIE.name,
          priceCents: HOODIE.priceCents,
        });
        expectProblem(await call(base, 'GET', `/api/products/${randomUUID()}`), 404);
        expectProblem(await call(base, 'GET', '/api/products/not-an-id'), 404);
        expectProblem(await call(base, 'GET', "/api/products/'%20OR%201=1"), 404);
      });

      it('lets an admin create a product (201), refuses a user (403) and an anonymous caller (401)', async () => {
        const body = { name: `Zeta ${randomUUID()}`, priceCents: 1999, stock: 5 };
        const admin = await signIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
        const user = await signIn(DEMO_USER.email, DEMO_USER.password);
        expectProblem(await call(base, 'POST', '/api/products', { body }), 401);
        expectProblem(
          await call(base, 'POST', '/api/products', { body, token: user.accessToken }),
          403,
          'INSUFFICIENT_ROLE',
        );
        const created = await call(base, 'POST', '/api/products', { body, token: admin.accessToken });
        expect(created.status, created.text).toBe(201);
        expect(created.body).toMatchObject(body);
        expect(await product(String(created.body.id))).toMatchObject(body);
        expectProblem(
          await call(base, 'POST', '/api/products', { body, token: admin.accessToken }),
          409,
          'PRODUCT_NAME_TAKEN',
        );
      });

      it('refuses a product name with a control or bidi character with a 400 on the name', async () => {
        const admin = await signIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
        for (const name of ['\u0000', `Mug\n${randomUUID()}`, `Mug \u202e${randomUUID()}`]) {
          const refused = await call(base, 'POST', '/api/products', {
            body: { name, priceCents: 100, stock: 1 },
            token: admin.accessToken,
          });
          expectProblem(refused, 400, 'VALIDATION_FAILED');
          expect(refused.body.errors).toEqual([
            expect.objectContaining({ field: 'name', message: expect.stringMatching(/control or bidi/) }),
          ]);
        }
      });

      it(
        'drops cached lists in every instance when a product is created',
        async () => {
          const other = await service.startAnotherApi();
          try {
            const lastPage = async (url: string): Promise<string[]> => {
              const answer = await call(url, 'GET', '/api/products?limit=100');
              return (answer.body.items as { name: string }[]).map((item) => item.name);
            };
            const before = await lastPage(other.url); // cached in the other instance now (L1 and Redis)
            expect(await lastPage(other.url)).toEqual(before);
            const admin = await signIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
            const name = `Zz cache ${randomUUID()}`;
            const created = await call(base, 'POST', '/api/products', {
              body: { name, priceCents: 100, stock: 1 },
              token: admin.accessToken,
            });
            expect(created.status).toBe(201);
            await vi.waitFor(async () => expect(await lastPage(other.url)).toContain(name), {
              timeout: slowDeadline(5_000),
              interval: 50,
            });
          } finally {
            await other.stop();
          }
          // Starts a second api (a process of its own on real services): 15 to 20 s at load 20, past the 15 s default.
        },
        slowTimeout(20_000),
      );
    });

    describe('orders', () => {
      it('requires an Idempotency-Key and a token', async () => {
        const { token } = await newUser();
        const body = { items: [{ productId: MUG.id, quantity: 1 }] };
        expectProblem(await call(base, 'POST', '/api/orders', { body, token }), 400, 'IDEMPOTENCY_KEY_MISSING');
        expectProblem(
          await call(base, 'POST', '/api/orders', { body, headers: { 'idempotency-key': randomUUID() } }),
          401,
        );
      });

      it('accepts an order with a 202, then confirms it with an invoice and takes the stock', async () => {
        const { token } = await newUser();
        const stockBefore = Number((await product(MUG.id)).stock);
        const placed = await call(base, 'POST', '/api/orders', {
          body: { items: [{ productId: MUG.id, quantity: 2 }] },
          token,
          headers: { 'idempotency-key': randomUUID() },
        });
        expect(placed.status, placed.text).toBe(202);
        expect(placed.body).toEqual({ id: expect.any(String), status: 'pending' });
        const order = await settled(String(placed.body.id), token);
        expect(order.status).toBe('confirmed');
        const subtotal = 2 * MUG.priceCents;
        expect(order.invoice).toMatchObject({
          subtotalCents: subtotal,
          taxCents: subtotal / 5,
          totalCents: subtotal + subtotal / 5,
        });
        await vi.waitFor(
          async () => expect(Number((await product(MUG.id)).stock)).toBeLessThanOrEqual(stockBefore - 2),
          { timeout: slowDeadline(5_000), interval: 50 },
        );
      });

      it('answers a retry with the same key and body exactly as the first time, and creates nothing', async () => {
        const { id: userId, token } = await newUser();
        const key = randomUUID();
        const body = { items: [{ productId: HOODIE.id, quantity: 1 }] };
        const first = await call(base, 'POST', '/api/orders', { body, token, headers: { 'idempotency-key': key } });
        await settled(String(first.body.id), token);
        const retry = await call(base, 'POST', '/api/orders', { body, token, headers: { 'idempotency-key': key } });
        expect(retry.status).toBe(202);
        expect(retry.body).toEqual(first.body);
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        expect(await service.db.collection('orders').countDocuments({ userId })).toBe(1);
      });

      it('refuses the same key with another body with a 422', async () => {
        const { token } = await newUser();
        const key = randomUUID();
        const first = await call(base, 'POST', '/api/orders', {
          body: { items: [{ productId: MUG.id, quantity: 1 }] },
          token,
          headers: { 'idempotency-key': key },
        });
        expect(first.status).toBe(202);
        const other = await call(base, 'POST', '/api/orders', {
          body: { items: [{ productId: MUG.id, quantity: 3 }] },
          token,
          headers: { 'idempotency-key': key },
        });
        expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
      });

      it('rejects an order for more than the stock, with a reason, and leaves the stock as it was', async () => {
        const { token } = await newUser();
        const before = Number((await product(SOCKS.id)).stock);
        const placed = await call(base, 'POST', '/api/orders', {
          body: {
            items: [
              { productId: MUG.id, quantity: 1 },
              { productId: SOCKS.id, quantity: before + 1 },
            ],
          },
          token,
          headers: { 'idempotency-key': randomUUID() },
        });
        expect(placed.status).toBe(202);
        const order = await settled(String(placed.body.id), token);
        expect(order.status).toBe('rejected');
        expect(order.reason).toMatch(/not enough stock for "Graceful Shutdown Socks"/);
        expect(order.invoice).toBeUndefined();
        expect(Number((await product(SOCKS.id)).stock)).toBe(before);
      });

      it('refuses unknown products with a 422 and a malformed body with a 400', async () => {
        const { token } = await newUser();
        const unknown = await call(base, 'POST', '/api/orders', {
          body: { items: [{ productId: randomUUID(), quantity: 1 }] },
          token,
          headers: { 'idempotency-key': randomUUID() },
        });
        expectProblem(unknown, 422, 'UNKNOWN_PRODUCT');
        expectProblem(
          await call(base, 'POST', '/api/orders', {
            body: { items: [] },
            token,
            headers: { 'idempotency-key': randomUUID() },
          }),
          400,
        );
        expectProblem(
          await call(base, 'POST', '/api/orders', {
            body: { items: [{ productId: MUG.id, quantity: 0 }] },
            token,
            headers: { 'idempotency-key': randomUUID() },
          }),
          400,
        );
      });

      it("answers another user's order, an unknown id and a malformed id alike: 404", async () => {
        const owner = await newUser();
        const stranger = await newUser();
        const placed = await call(base, 'POST', '/api/orders', {
          body: { items: [{ productId: MUG.id, quantity: 1 }] },
          token: owner.token,
          headers: { 'idempotency-key': randomUUID() },
        });
        expect((await call(base, 'GET', `/api/orders/${String(placed.body.id)}`, { token: owner.token })).status).toBe(
          200,
        );
        expectProblem(await call(base, 'GET', `/api/orders/${String(placed.body.id)}`, { token: stranger.token }), 404);
        expectProblem(await call(base, 'GET', `/api/orders/${randomUUID()}`, { token: owner.token }), 404);
        expectProblem(await call(base, 'GET', '/api/orders/42', { token: owner.token }), 404);
      });
    });

    describe('rate limits (an instance of their own, with small limits)', () => {
      let limited: RunningCapstone;
      beforeAll(async () => {
        limited = await start({ RATE_LIMIT_AUTH_PER_MINUTE: '3', RATE_LIMIT_API_PER_MINUTE: '30' });
      }, slowTimeout(20_000));
      afterAll(async () => {
        await limited?.stop();
      }, slowTimeout(20_000));

      it('limits sign-in strictly: the fourth attempt in a minute is a 429 with Retry-After and RateLimit headers', async () => {
        const attempt = (): Promise<Answer> =>
          call(limited.url, 'POST', '/api/auth/login', {
            body: { email: DEMO_USER.email, password: 'wrong password' },
          });
        for (let i = 0; i < 3; i += 1) expect((await attempt()).status).toBe(401);
        const refused = await attempt();
        expectProblem(refused, 429, 'RATE_LIMITED');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused.headers.get('ratelimit')).toMatch(/^"auth";r=0;t=\d+$/);
        expect(refused.body.policy).toBe('auth');
      });

      it('limits every /api route generally, and leaves probes alone', async () => {
        let last: Answer | undefined;
        for (let i = 0; i < 40 && last?.status !== 429; i += 1)
          last = await call(limited.url, 'GET', '/api/products?limit=1');
        expect(last).toBeDefined();
        expectProblem(last as Answer, 429, 'RATE_LIMITED');
        expect((last as Answer).body.policy).toBe('api');
        expect((await call(limited.url, 'GET', '/health/live')).status).toBe(200);
      });
    });
  });
}
