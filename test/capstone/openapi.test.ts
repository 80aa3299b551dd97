import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../capstone/api/openapi.js';
import { openApiDocument } from '../../chapters/02-architecture/adapters/http/openapi.js';
import { problemDocument } from '../../chapters/02-architecture/adapters/http/problem.schema.js';
import {
  apiContract,
  openApiDocument as contractDocument,
  problemResponse,
} from '../../chapters/05-testing/harness/api-contract.js';

type Doc = { components: { schemas?: Record<string, unknown> }; paths: Record<string, Record<string, unknown>> };

describe("the capstone's OpenAPI document", () => {
  it("publishes the same Problem component in the capstone's document and checks Chapter 5's contract with the same object", () => {
    const capstone = buildOpenApiDocument() as Doc;
    const chapter = openApiDocument({
      title: 't',
      version: '1',
      routes: {},
      components: { Problem: problemDocument },
    }) as Doc;
    expect(capstone.components.schemas?.Problem).toEqual(chapter.components.schemas?.Problem);
    expect(problemResponse).toBe(problemDocument);
    expect(contractDocument()).toEqual(
      openApiDocument({ title: 'Workbook users API', version: '1.0.0', routes: apiContract }),
    );
  });

  it('describes every route the capstone app mounts, the admin route included', () => {
    const paths = Object.entries((buildOpenApiDocument() as Doc).paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(paths.sort()).toEqual(
      [
        'POST /api/users',
        'POST /api/auth/login',
        'POST /api/auth/refresh',
        'POST /api/auth/logout',
        'GET /api/users/me',
        'GET /api/admin/users/{id}',
        'GET /api/products',
        'POST /api/products',
        'GET /api/products/{id}',
        'POST /api/orders',
        'GET /api/orders/{id}',
        'GET /api/openapi.json',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
      ].sort(),
    );
  });
});
