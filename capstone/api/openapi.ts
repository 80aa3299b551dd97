import { z } from 'zod';
import { registerUserBody, userResponse } from '../../chapters/02-architecture/adapters/http/user.schemas.js';
import { loginBody, refreshBody, tokenResponse } from '../../chapters/03-security/auth/auth.schemas.js';
import { createProductBody, productPage, productResponse } from '../catalog/product.schemas.js';
import { orderAccepted, orderResponse, placeOrderBody } from '../orders/order.schemas.js';

type JsonObject = Record<string, unknown>;

/** The request/response schemas the routes validate with, by component name. */
const REQUEST_SCHEMAS = { RegisterUser: registerUserBody, Login: loginBody, Refresh: refreshBody, CreateProduct: createProductBody, PlaceOrder: placeOrderBody };
const RESPONSE_SCHEMAS = { User: userResponse, TokenPair: tokenResponse, Product: productResponse, ProductPage: productPage, OrderAccepted: orderAccepted, Order: orderResponse };

const problem = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is stable, `errors` lists broken rules on a 400',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } } } },
  },
};

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string): JsonObject => ({ content: { 'application/json': { schema: ref(name) } } });
const problems = (...statuses: number[]): JsonObject =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: 'Problem', content: { 'application/problem+json': { schema: ref('Problem') } } }]));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const bearer = [{ bearer: [] }];

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  // draft 2020-12 is the JSON Schema dialect of OpenAPI 3.1; `$schema` is left to the document's dialect.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

// #region openapi
/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with: the contract cannot drift
 * from the code. Served at `/api/openapi.json`.
 */
export function buildOpenApiDocument(options: { serverUrl?: string } = {}): JsonObject {
  const schemas: Record<string, JsonObject> = { Problem: problem };
  for (const [name, schema] of Object.entries(REQUEST_SCHEMAS)) schemas[name] = schemaOf(schema, 'input');
  for (const [name, schema] of Object.entries(RESPONSE_SCHEMAS)) schemas[name] = schemaOf(schema, 'output');
  return {
    openapi: '3.1.0',
    info: { title: 'Orders service (Advanced Node.js Workbook capstone)', version: '1.0.0' },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths: {
      '/api/users': { post: { summary: 'Register', requestBody: json('RegisterUser'), responses: { '201': { description: 'Created', ...json('User') }, ...problems(400, 409, 413, 429) } } },
      '/api/auth/login': { post: { summary: 'Sign in', requestBody: json('Login'), responses: { '200': { description: 'Tokens', ...json('TokenPair') }, ...problems(400, 401, 429) } } },
      '/api/auth/refresh': { post: { summary: 'Rotate the refresh token', requestBody: json('Refresh'), responses: { '200': { description: 'Tokens', ...json('TokenPair') }, ...problems(400, 401, 429) } } },
      '/api/auth/logout': { post: { summary: 'Sign out (revokes the session)', security: bearer, responses: { '204': { description: 'Signed out' }, ...problems(401) } } },
      '/api/users/me': { get: { summary: 'My profile', security: bearer, responses: { '200': { description: 'Profile', ...json('User') }, ...problems(401) } } },
      '/api/products': {
        get: {
          summary: 'List products (keyset pagination, cached)',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'after', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'A page', ...json('ProductPage') }, ...problems(400, 429) },
        },
        post: { summary: 'Create a product (admins)', security: bearer, requestBody: json('CreateProduct'), responses: { '201': { description: 'Created', ...json('Product') }, ...problems(400, 401, 403) } },
      },
      '/api/products/{id}': { get: { summary: 'One product', parameters: [idParam], responses: { '200': { description: 'The product', ...json('Product') }, ...problems(404) } } },
      '/api/orders': {
        post: {
          summary: 'Place an order',
          security: bearer,
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 } }],
          requestBody: json('PlaceOrder'),
          responses: { '202': { description: 'Accepted; poll GET /api/orders/{id}', ...json('OrderAccepted') }, ...problems(400, 401, 422) },
        },
      },
      '/api/orders/{id}': { get: { summary: 'One of my orders', security: bearer, parameters: [idParam], responses: { '200': { description: 'The order', ...json('Order') }, ...problems(401, 404) } } },
      '/health/live': { get: { summary: 'Liveness', responses: { '200': { description: 'Alive' } } } },
      '/health/ready': { get: { summary: 'Readiness', responses: { '200': { description: 'Ready' }, '503': { description: 'A dependency is down (named)' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'Text exposition format' } } } },
    },
  };
}
// #endregion openapi
