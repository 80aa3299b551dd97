import { describe, expect, it } from 'vitest';
import { registerUserBody, userResponse } from '../../../chapters/02-architecture/adapters/http/user.schemas.js';
import { loginBody, tokenResponse } from '../../../chapters/03-security/auth/auth.schemas.js';
import {
  apiContract,
  ContractViolationError,
  expectResponse,
  openApiDocument,
  type RawResponse,
} from '../../../chapters/05-testing/harness/api-contract.js';

function response(status: number, body: unknown, contentType = 'application/json; charset=utf-8'): RawResponse {
  return {
    status,
    headers: new Headers({ 'content-type': contentType }),
    text: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const validUser = { id: 'u1', name: 'Ada', email: 'ada@example.test', createdAt: '2030-01-01T00:00:00.000Z' };

describe('one schema source for the app, the tests and the OpenAPI document', () => {
  it('uses the very schema objects the app validates requests with', () => {
    expect(apiContract['POST /users'].request).toBe(registerUserBody);
    expect(apiContract['POST /users'].responses[201]).toBe(userResponse);
    expect(apiContract['POST /auth/login'].request).toBe(loginBody);
    expect(apiContract['POST /auth/login'].responses[200]).toBe(tokenResponse);
  });

  it('publishes OpenAPI 3.1 generated from those schemas', () => {
    const doc = openApiDocument() as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { required?: string[] } }> };
            responses: Record<
              string,
              { content?: Record<string, { schema: { required?: string[]; properties?: Record<string, unknown> } }> }
            >;
          }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/users']?.post?.requestBody?.content['application/json']?.schema.required).toEqual([
      'name',
      'email',
      'password',
    ]);
    const created = doc.paths['/users']?.post?.responses['201']?.content?.['application/json']?.schema;
    expect(created?.required).toEqual(['id', 'name', 'email', 'createdAt']);
    expect(created?.properties).not.toHaveProperty('password');
    expect(Object.keys(doc.paths['/users/me'] ?? {})).toEqual(['get']);
  });
});

describe('expectResponse', () => {
  it('returns the parsed body when status, content type and body match', () => {
    expect(expectResponse('POST /users', 201, response(201, validUser))).toEqual(validUser);
  });

  it.each([
    [
      'a status the route does not list',
      response(500, { type: 'about:blank' }, 'application/problem+json'),
      /answered 500, which its contract does not list \(allowed: 201, 400, 409\)/,
    ],
    [
      'another listed status than expected',
      response(409, { type: 't', title: 't', status: 409, code: 'EMAIL_TAKEN' }, 'application/problem+json'),
      /answered 409, expected 201/,
    ],
    ['a body missing a field', response(201, { ...validUser, createdAt: undefined }), /createdAt/],
    ['a date that is not ISO 8601', response(201, { ...validUser, createdAt: 'yesterday' }), /createdAt/],
    ['a body that is not JSON', response(201, '<html>'), /not JSON/],
    ['the wrong content type', response(201, validUser, 'text/html'), /content type text\/html/],
  ])('throws a ContractViolationError for %s', (_label, raw, message) => {
    expect(() => expectResponse('POST /users', 201, raw)).toThrow(ContractViolationError);
    expect(() => expectResponse('POST /users', 201, raw)).toThrow(message);
  });

  it("catches the guide's contract: a body with { error: 'Email already exists' } and status 400 is not this API's answer", () => {
    const guides = response(400, { error: 'Email already exists' }, 'application/json');
    expect(() => expectResponse('POST /users', 400, guides)).toThrow(
      /content type application\/json, expected application\/problem\+json/,
    );
    expect(() =>
      expectResponse('POST /users', 400, {
        ...guides,
        headers: new Headers({ 'content-type': 'application/problem+json' }),
      }),
    ).toThrow(/body breaks the contract/);
  });

  it('expects no body for a 204', () => {
    expect(expectResponse('POST /auth/logout', 204, { status: 204, headers: new Headers(), text: '' })).toBeUndefined();
    expect(() => expectResponse('POST /auth/logout', 204, { status: 204, headers: new Headers(), text: 'ok' })).toThrow(
      /no body/,
    );
  });
});
