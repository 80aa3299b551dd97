import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem-details.middleware.js';

type JsonObject = Record<string, unknown>;

/** A response without a body (a 204). */
export const NO_CONTENT = null;

/** A response: its body schema, no body, or a description with an optional schema (probes, text formats). */
export type ResponseDoc = z.ZodType | typeof NO_CONTENT | { readonly description: string; readonly schema?: z.ZodType };

/** One route, keyed `'METHOD /path'` with OpenAPI's `{param}` syntax. */
export interface RouteDoc {
  readonly summary: string;
  readonly request?: z.ZodType;
  /** Requires `Authorization: Bearer <access token>`. */
  readonly auth?: true;
  /** OpenAPI parameter objects (path, query, header), as written. */
  readonly parameters?: readonly JsonObject[];
  readonly responses: Readonly<Record<number, ResponseDoc>>;
}

export interface OpenApiOptions {
  readonly title: string;
  readonly version: string;
  readonly serverUrl?: string;
  readonly routes: Readonly<Record<string, RouteDoc>>;
  /** Schemas published under `components.schemas` by name; a route that uses one of these objects gets a `$ref`. */
  readonly components?: Readonly<Record<string, z.ZodType>>;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  // Draft 2020-12 is OpenAPI 3.1's dialect; `$schema` is left to the document's.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function responseOf(
  status: number,
  doc: ResponseDoc,
  schemaOf: (schema: z.ZodType, io: 'input' | 'output') => JsonObject,
): JsonObject {
  if (doc === NO_CONTENT) return { description: 'No content' };
  const { description, schema } =
    doc instanceof z.ZodType ? { description: doc.meta()?.description ?? String(status), schema: doc } : doc;
  if (!schema) return { description };
  const type = status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json';
  return { description, content: { [type]: { schema: schemaOf(schema, 'output') } } };
}

// #region openapi
/**
 * An OpenAPI 3.1 document generated from the zod schemas the routes validate with (`z.toJSONSchema`), so the published
 * contract cannot drift from the code. Chapter 5's contract and the capstone's `/api/openapi.json` both come from here.
 *
 * @example
 * openApiDocument({ title: 'Users', version: '1.0.0', routes: { 'POST /users': { summary: 'Register', request: registerUserBody, responses: { 201: userResponse } } } });
 */
export function openApiDocument(options: OpenApiOptions): JsonObject {
  const names = new Map(Object.entries(options.components ?? {}).map(([name, schema]) => [schema, name]));
  const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
    const name = names.get(schema);
    return name === undefined ? jsonSchema(schema, io) : { $ref: `#/components/schemas/${name}` };
  };
  const paths: Record<string, JsonObject> = {};
  for (const [key, route] of Object.entries(options.routes)) {
    const [method = '', path = ''] = key.split(' ');
    const responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, doc]) => [status, responseOf(Number(status), doc, schemaOf)]),
    );
    paths[path] = {
      ...paths[path],
      [method.toLowerCase()]: {
        summary: route.summary,
        ...(route.auth ? { security: [{ bearer: [] }] } : {}),
        ...(route.parameters ? { parameters: route.parameters } : {}),
        ...(route.request
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: schemaOf(route.request, 'input') } },
              },
            }
          : {}),
        responses,
      },
    };
  }
  // Requests are published as the client sends them (`input`), everything else as the server writes it (`output`).
  const requests = new Set(Object.values(options.routes).flatMap((route) => (route.request ? [route.request] : [])));
  const schemas = Object.fromEntries(
    Object.entries(options.components ?? {}).map(([name, schema]) => [
      name,
      jsonSchema(schema, requests.has(schema) ? 'input' : 'output'),
    ]),
  );
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    components: {
      ...(options.components ? { schemas } : {}),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
}
// #endregion openapi
