import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { userResponse } from '../../../chapters/02-architecture/adapters/http/user.schemas.js';
import { problemResponse } from '../../../chapters/05-testing/harness/api-contract.js';
import { buildTestApp } from '../../../chapters/05-testing/harness/test-app.js';
import { listenOnLoopback } from '../../../chapters/05-testing/harness/loopback-server.js';
import { checkContract, findUndeclaredKeys } from '#exercise/05-testing/06-contract-checker';

const user = { id: 'u1', name: 'Ada', email: 'ada@example.test', createdAt: '2030-01-01T00:00:00.000Z' };

describe('05.6 a response-contract checker that catches leaked fields', () => {
  it('reports a key the schema does not declare, which the schema alone parses and silently drops', () => {
    expect(userResponse.parse({ ...user, passwordHash: '$scrypt$...' })).toEqual(user); // why this checker exists
    expect(checkContract(userResponse, { ...user, passwordHash: '$scrypt$...' })).toEqual({
      ok: false,
      problems: ['passwordHash: not declared by the schema'],
    });
    expect(findUndeclaredKeys(userResponse, { ...user, passwordHash: 'x', internalNote: 'y' })).toEqual([
      'passwordHash',
      'internalNote',
    ]);
  });

  it('finds undeclared keys at any depth, in arrays and nullable objects', () => {
    const page = z.object({ items: z.array(userResponse), next: z.object({ cursor: z.string() }).nullable() });
    const body = { items: [user, { ...user, passwordHash: 'x' }], next: { cursor: 'c', debug: true } };
    expect(findUndeclaredKeys(page, body)).toEqual(['items[1].passwordHash', 'next.debug']);
    expect(findUndeclaredKeys(page, { items: [], next: null })).toEqual([]);
  });

  it('accepts a key declared by one branch of a union', () => {
    const result = z.union([
      z.object({ kind: z.literal('a'), a: z.string() }),
      z.object({ kind: z.literal('b'), b: z.string() }),
    ]);
    expect(findUndeclaredKeys(result, { kind: 'b', b: 'x' })).toEqual([]);
    expect(findUndeclaredKeys(result, { kind: 'b', b: 'x', c: 1 })).toEqual(['c']);
  });

  it('accepts a key declared by one option of a discriminated union or of a nullable union', () => {
    const a = z.object({ kind: z.literal('a'), a: z.string() });
    const b = z.object({ kind: z.literal('b'), b: z.string() });
    expect(findUndeclaredKeys(z.discriminatedUnion('kind', [a, b]), { kind: 'b', b: 'x', c: 1 })).toEqual(['c']);
    expect(findUndeclaredKeys(z.union([a, b]).nullable(), { kind: 'b', b: 'x', c: 1 })).toEqual(['c']);
    expect(findUndeclaredKeys(z.union([a, b]).nullable(), null)).toEqual([]);
  });

  it('reports for the first option that fits best when two fit equally well', () => {
    const result = z.union([
      z.object({ kind: z.string(), a: z.string() }),
      z.object({ kind: z.string(), b: z.string() }),
    ]);
    expect(findUndeclaredKeys(result, { kind: 'x', a: 'y', b: 'z' })).toEqual(['b']);
  });

  it('judges an array by the array option of a nullable array', () => {
    const list = z.object({ items: z.array(userResponse).nullable() });
    expect(findUndeclaredKeys(list, { items: [{ ...user, passwordHash: 'x' }] })).toEqual(['items[0].passwordHash']);
    expect(findUndeclaredKeys(list, { items: null })).toEqual([]);
  });

  it('checks the values of a record and the extra keys of a catchall object against their schema', () => {
    const byId = z.record(z.string(), userResponse);
    expect(findUndeclaredKeys(byId, { u1: user, u2: { ...user, passwordHash: 'x' } })).toEqual(['u2.passwordHash']);
    const tagged = z.object({ id: z.string() }).catchall(z.object({ label: z.string() }));
    expect(findUndeclaredKeys(tagged, { id: 'i', red: { label: 'r', secret: 1 } })).toEqual(['red.secret']);
  });

  it('finds nothing to report in values with no keys or of a type the schema does not expect', () => {
    for (const value of [null, 'a string', 42, [1, 2], true])
      expect(findUndeclaredKeys(userResponse, value)).toEqual([]);
    const loose = z.object({ count: z.number().int().nullable(), extra: z.any(), list: z.string() });
    expect(
      findUndeclaredKeys(loose, { count: { x: 1 }, extra: { anything: { goes: true } }, list: [{ y: 2 }] }),
    ).toEqual([]);
  });

  it('allows extra keys where the schema says so (.loose(): problem documents carry extensions)', () => {
    const problem = { type: 't', title: 'T', status: 400, code: 'VALIDATION_FAILED', errors: [] };
    expect(checkContract(problemResponse, problem)).toEqual({ ok: true, problems: [] });
  });

  it("reports the schema's own issues with their path", () => {
    const report = checkContract(userResponse, { ...user, createdAt: 'yesterday', id: undefined });
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.startsWith('createdAt: '))).toBe(true);
    expect(report.problems.some((p) => p.startsWith('id: '))).toBe(true);
  });

  it('joins a nested issue path with dots, writes (body) for the body itself, and lists schema issues first', () => {
    const page = z.object({ items: z.array(userResponse) });
    const report = checkContract(page, { items: [user, { ...user, createdAt: 'yesterday', passwordHash: 'x' }] });
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(2);
    expect(report.problems[0]).toMatch(/^items\.1\.createdAt: ./);
    expect(report.problems[1]).toBe('items[1].passwordHash: not declared by the schema');
    expect(checkContract(userResponse, 'not a user').problems).toEqual([expect.stringMatching(/^\(body\): ./)]);
  });

  it("passes the real app's registration response (Chapter 2, in memory)", async () => {
    const { app } = await buildTestApp();
    const server = await listenOnLoopback(app);
    try {
      const response = await fetch(`${server.url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: 'ada@example.test', password: 'correct horse battery' }),
      });
      expect(response.status).toBe(201);
      expect(checkContract(userResponse, await response.json())).toEqual({ ok: true, problems: [] });
    } finally {
      await server.close();
    }
  });
});
