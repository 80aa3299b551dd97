import { describe, expect, it } from 'vitest';
import { NO_CONTENT, openApiDocument } from '../../../chapters/02-architecture/adapters/http/openapi.js';
import { toProblem } from '../../../chapters/02-architecture/adapters/http/problem-details.middleware.js';
import { problemDocument } from '../../../chapters/02-architecture/adapters/http/problem.schema.js';
import { registerUserBody, userResponse } from '../../../chapters/02-architecture/adapters/http/user.schemas.js';
import { ConflictError, ValidationError } from '../../../chapters/02-architecture/errors/app-error.js';

type Doc = {
  components: { schemas?: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
    >
  >;
};

const routes = {
  'POST /users': {
    summary: 'Register',
    request: registerUserBody,
    responses: { 201: userResponse, 409: problemDocument },
  },
  'POST /logout': { summary: 'Sign out', auth: true as const, responses: { 204: NO_CONTENT } },
};

describe('the one OpenAPI generator', () => {
  it('refers to a schema published as a component by name, and inlines the others', () => {
    const doc = openApiDocument({
      title: 't',
      version: '1',
      routes,
      components: { Problem: problemDocument, User: userResponse },
    }) as Doc;
    const register = doc.paths['/users']?.post;
    expect(register?.responses['201']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/User',
    });
    expect(register?.responses['409']?.content?.['application/problem+json']?.schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(register?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { required: ['name', 'email', 'password'] } } },
    });
    expect(doc.components.schemas?.Problem?.required).toEqual(['type', 'title', 'status', 'code']);
    expect(doc.paths['/logout']?.post?.responses['204']).toEqual({ description: 'No content' });
  });
});

describe('the one Problem schema', () => {
  it('accepts every problem document problemDetails() writes, field errors included', () => {
    for (const error of [
      new ValidationError('bad', [{ field: 'email', rule: 'format', message: 'not an email' }]),
      new ConflictError('taken'),
      new Error('a bug'),
    ]) {
      expect(problemDocument.safeParse(toProblem(error, '/users').problem).success).toBe(true);
    }
  });
});
