import { z } from 'zod';
import { registerUserBody, userResponse } from '../../02-architecture/adapters/http/user.schemas.js';
import { NO_CONTENT, openApiDocument as generateOpenApi } from '../../02-architecture/adapters/http/openapi.js';
import { PROBLEM_CONTENT_TYPE } from '../../02-architecture/adapters/http/problem-details.middleware.js';
import { problemDocument } from '../../02-architecture/adapters/http/problem.schema.js';
import { loginBody, refreshBody, tokenResponse } from '../../03-security/auth/auth.schemas.js';
import { meResponse } from '../../03-security/users/users-me.schemas.js';
import { CodedError } from '../../../platform/errors/coded-error.js';

/** `GET /users/me`'s body, as Chapter 3 defines it. */
export { meResponse };

/** Every error body: Chapter 2's one Problem schema, the one `problemDetails()` writes and OpenAPI publishes. */
export const problemResponse = problemDocument;

/** A 204: no body at all. */
export { NO_CONTENT };

type ResponseSchema = z.ZodType | typeof NO_CONTENT;

interface RouteContract {
  readonly summary: string;
  readonly request?: z.ZodType;
  readonly auth?: true;
  readonly responses: Readonly<Record<number, ResponseSchema>>;
}

// #region contract
/**
 * The API's contract, built from the very schemas the app validates requests with (Chapter 2's `user.schemas.ts`,
 * Chapter 3's `auth.schemas.ts`) and the type its controllers return. Tests check responses against it and
 * `openApiDocument()` publishes it, so the tests, the docs and the app cannot describe three different APIs.
 */
export const apiContract = {
  'POST /users': {
    summary: 'Register',
    request: registerUserBody,
    responses: { 201: userResponse, 400: problemResponse, 409: problemResponse },
  },
  'POST /auth/login': {
    summary: 'Sign in',
    request: loginBody,
    responses: { 200: tokenResponse, 400: problemResponse, 401: problemResponse },
  },
  'POST /auth/refresh': {
    summary: 'Rotate a refresh token',
    request: refreshBody,
    responses: { 200: tokenResponse, 400: problemResponse, 401: problemResponse },
  },
  'POST /auth/logout': {
    summary: 'Sign out (revoke the session)',
    auth: true,
    responses: { 204: NO_CONTENT, 401: problemResponse },
  },
  'GET /users/me': { summary: 'The signed-in user', auth: true, responses: { 200: meResponse, 401: problemResponse } },
} as const satisfies Record<string, RouteContract>;
// #endregion contract

export type ApiContract = typeof apiContract;
export type ApiRoute = keyof ApiContract;
/** The statuses a route's contract lists. */
export type StatusOf<R extends ApiRoute> = keyof ApiContract[R]['responses'] & number;
/** The parsed body type for a route and status (`undefined` for a 204). */
export type BodyOf<R extends ApiRoute, S extends StatusOf<R>> = ApiContract[R]['responses'][S] extends z.ZodType
  ? z.output<ApiContract[R]['responses'][S]>
  : undefined;

/** A response the contract does not allow: wrong status, content type or body. */
export class ContractViolationError extends CodedError {
  readonly code = 'CONTRACT_VIOLATION';
}

/** What a test got back: status, headers and the raw text (parsed here, so a non-JSON body is reported, not thrown). */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

// #region expect-response
/**
 * Checks a response against the contract: the expected status, a status the route lists, the content type, and the
 * body through the route's schema. Returns the parsed, typed body; throws a `ContractViolationError` naming what
 * differs.
 *
 * @example
 * const user = expectResponse('POST /users', 201, await post('/users', body));
 * user.createdAt; // typed from the schema the app itself uses
 */
export function expectResponse<R extends ApiRoute, S extends StatusOf<R>>(
  route: R,
  status: S,
  response: RawResponse,
): BodyOf<R, S> {
  const responses: Readonly<Record<number, ResponseSchema>> = apiContract[route].responses;
  if (!(response.status in responses)) {
    throw new ContractViolationError(
      `${route} answered ${response.status}, which its contract does not list (allowed: ${Object.keys(responses).join(', ')}): ${response.text.slice(0, 300)}`,
    );
  }
  if (response.status !== status) {
    throw new ContractViolationError(
      `${route} answered ${response.status}, expected ${status}: ${response.text.slice(0, 300)}`,
    );
  }
  const schema = responses[status];
  if (schema === NO_CONTENT || schema === undefined) {
    if (response.text !== '')
      throw new ContractViolationError(`${route} ${status} must have no body, got ${response.text.slice(0, 100)}`);
    return undefined as BodyOf<R, S>;
  }
  const expectedType = status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json';
  const contentType = response.headers.get('content-type') ?? '(none)';
  if (!contentType.startsWith(expectedType)) {
    throw new ContractViolationError(`${route} ${status} has content type ${contentType}, expected ${expectedType}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch (error) {
    throw new ContractViolationError(`${route} ${status} body is not JSON: ${response.text.slice(0, 100)}`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new ContractViolationError(`${route} ${status} body breaks the contract: ${issues}`);
  }
  return parsed.data as BodyOf<R, S>;
}
// #endregion expect-response

/** The contract as an OpenAPI 3.1 document, by Chapter 2's one generator (the capstone's document comes from it too). */
export function openApiDocument(): Record<string, unknown> {
  return generateOpenApi({ title: 'Workbook users API', version: '1.0.0', routes: apiContract });
}
