import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerUserBody, userResponse } from '../../../chapters/02-architecture/adapters/http/user.schemas.js';

describe('user schemas', () => {
  it('produce JSON Schema with zod 4 z.toJSONSchema, limits included, for the OpenAPI document', () => {
    const schema = z.toJSONSchema(registerUserBody, { io: 'input' });
    expect(schema).toMatchObject({
      type: 'object',
      required: ['name', 'email', 'password'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        email: { type: 'string', format: 'email', maxLength: 254 },
        password: { type: 'string', minLength: 8, maxLength: 256 },
      },
    });
  });

  it('describe the response without any password field', () => {
    const schema = z.toJSONSchema(userResponse) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties).sort()).toEqual(['createdAt', 'email', 'id', 'name']);
    expect(schema.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
  });

  it('register their ids, so one registry can hold them as components', () => {
    const registry = z.registry<{ id: string }>();
    registry.add(registerUserBody, { id: 'RegisterUserRequest' });
    registry.add(userResponse, { id: 'User' });
    const document = z.toJSONSchema(registry, { io: 'input' }) as { schemas: Record<string, unknown> };
    expect(Object.keys(document.schemas).sort()).toEqual(['RegisterUserRequest', 'User']);
  });
});
