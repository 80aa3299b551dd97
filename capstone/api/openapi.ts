import { NO_CONTENT, openApiDocument, type RouteDoc } from '../../chapters/02-architecture/adapters/http/openapi.js';
import { problemDocument } from '../../chapters/02-architecture/adapters/http/problem.schema.js';
import { registerUserBody, userResponse } from '../../chapters/02-architecture/adapters/http/user.schemas.js';
import { loginBody, refreshBody, tokenResponse } from '../../chapters/03-security/auth/auth.schemas.js';
import { meResponse } from '../../chapters/03-security/users/users-me.schemas.js';
import { createProductBody, productPage, productResponse } from '../catalog/product.schemas.js';
import { orderAccepted, orderResponse, placeOrderBody } from '../orders/order.schemas.js';

/** The request and response schemas the routes validate with, published by name under `components.schemas`. */
const COMPONENTS = {
  Problem: problemDocument,
  RegisterUser: registerUserBody,
  Login: loginBody,
  Refresh: refreshBody,
  CreateProduct: createProductBody,
  PlaceOrder: placeOrderBody,
  User: userResponse,
  Me: meResponse,
  TokenPair: tokenResponse,
  Product: productResponse,
  ProductPage: productPage,
  OrderAccepted: orderAccepted,
  Order: orderResponse,
};

const problems = (...statuses: number[]): Record<number, typeof problemDocument> =>
  Object.fromEntries(statuses.map((status) => [status, problemDocument]));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

/** Every route of the capstone's one app (capstone/api/http-app.ts), under the paths a client calls. */
const ROUTES: Record<string, RouteDoc> = {
  'POST /api/users': {
    summary: 'Register',
    request: registerUserBody,
    responses: { 201: { description: 'Created', schema: userResponse }, ...problems(400, 409, 413, 415, 429) },
  },
  'POST /api/auth/login': {
    summary: 'Sign in',
    request: loginBody,
    responses: { 200: { description: 'Tokens', schema: tokenResponse }, ...problems(400, 401, 429) },
  },
  'POST /api/auth/refresh': {
    summary: 'Rotate the refresh token',
    request: refreshBody,
    responses: { 200: { description: 'Tokens', schema: tokenResponse }, ...problems(400, 401, 429) },
  },
  'POST /api/auth/logout': {
    summary: 'Sign out (revokes the session)',
    auth: true,
    responses: { 204: NO_CONTENT, ...problems(401) },
  },
  'GET /api/users/me': {
    summary: 'My profile',
    auth: true,
    responses: { 200: { description: 'Profile', schema: meResponse }, ...problems(401) },
  },
  'GET /api/admin/users/{id}': {
    summary: 'A user (admins)',
    auth: true,
    parameters: [idParam],
    responses: { 200: { description: 'The user', schema: meResponse }, ...problems(401, 403, 404) },
  },
  'GET /api/products': {
    summary: 'List products (keyset pagination, cached)',
    parameters: [
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
      { name: 'after', in: 'query', schema: { type: 'string' } },
    ],
    responses: { 200: { description: 'A page', schema: productPage }, ...problems(400, 429) },
  },
  'POST /api/products': {
    summary: 'Create a product (admins)',
    auth: true,
    request: createProductBody,
    responses: { 201: { description: 'Created', schema: productResponse }, ...problems(400, 401, 403, 409) },
  },
  'GET /api/products/{id}': {
    summary: 'One product',
    parameters: [idParam],
    responses: { 200: { description: 'The product', schema: productResponse }, ...problems(404) },
  },
  'POST /api/orders': {
    summary: 'Place an order',
    auth: true,
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      },
    ],
    request: placeOrderBody,
    responses: {
      202: { description: 'Accepted; poll GET /api/orders/{id}', schema: orderAccepted },
      ...problems(400, 401, 422),
    },
  },
  'GET /api/orders/{id}': {
    summary: 'One of my orders',
    auth: true,
    parameters: [idParam],
    responses: { 200: { description: 'The order', schema: orderResponse }, ...problems(401, 404) },
  },
  'GET /api/openapi.json': { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } },
  'GET /health/live': { summary: 'Liveness', responses: { 200: { description: 'Alive' } } },
  'GET /health/ready': {
    summary: 'Readiness',
    responses: { 200: { description: 'Ready' }, 503: { description: 'A dependency is down (named)' } },
  },
  'GET /metrics': { summary: 'Prometheus metrics', responses: { 200: { description: 'Text exposition format' } } },
};

// #region openapi
/**
 * The capstone's OpenAPI 3.1 document, by Chapter 2's one generator from the zod schemas the routes validate with, so
 * the contract cannot drift from the code. Served at `/api/openapi.json`.
 */
export function buildOpenApiDocument(options: { serverUrl?: string } = {}): Record<string, unknown> {
  return openApiDocument({
    title: 'Orders service (Advanced Node.js Workbook capstone)',
    version: '1.0.0',
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    routes: ROUTES,
    components: COMPONENTS,
  });
}
// #endregion openapi
