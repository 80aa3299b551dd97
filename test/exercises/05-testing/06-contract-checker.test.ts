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
    expect(checkContract(userResponse, { ...user, passwordHash: '$scrypt$...' })).toEqual({ ok: false, problems: ['passwordHash: not declared by the schema'] });
    expect(findUndeclaredKeys(userResponse, { ...user, passwordHash: 'x', internalNote: 'y' })).toEqual(['passwordHash', 'internalNote']);
  });

  it('finds undeclared keys at any depth, in arrays and nullable objects', () => {
    const page = z.object({ items: z.array(userResponse), next: z.object({ cursor: z.string() }).nullable() });
    const body = { items: [user, { ...user, passwordHash: 'x' }], next: { cursor: 'c', debug: true } };
    expect(findUndeclaredKeys(page, body)).toEqual(['items[1].passwordHash', 'next.debug']);
    expect(findUndeclaredKeys(page, { items: [], next: null })).toEqual([]);
  });

  it('accepts a key declared by one branch of a union', () => {
    const result = z.union([z.object({ kind: z.literal('a'), a: z.string() }), z.object({ kind: z.literal('b'), b: z.string() })]);
    expect(findUndeclaredKeys(result, { kind: 'b', b: 'x' })).toEqual([]);
    expect(findUndeclaredKeys(result, { kind: 'b', b: 'x', c: 1 })).toEqual(['c']);
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

  it("passes the real app's registration response (Chapter 2, in memory)", async () => {
    const { app } = await buildTestApp();
    const server = await listenOnLoopback(app);
    try {
      const response = await fetch(`${server.url}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada', email: 'ada@example.test', password: 'correct horse battery' }) });
      expect(response.status).toBe(201);
      expect(checkContract(userResponse, await response.json())).toEqual({ ok: true, problems: [] });
    } finally {
      await server.close();
    }
  });
});
