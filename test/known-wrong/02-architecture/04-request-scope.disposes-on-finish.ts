/**
 * Known wrong: disposes the scope on the response's 'finish' event, which fires only once a response was fully sent.
 * A client that hangs up before the answer never triggers it, so that request's scope (its connections, its
 * transaction) is never disposed. 'close' fires in every case.
 */
import type { RequestHandler, Response } from 'express';
import type { Container, Scope } from '../../../chapters/02-architecture/container/container.js';

export interface RequestScopeOptions {
  /** Receives a failure of `scope.dispose()`; the response has already gone, so this is the only place to report it. */
  readonly onDisposeError?: (error: unknown) => void;
}

/** Thrown by `scopeOf` when the middleware is not mounted before the route. */
export class NoRequestScopeError extends Error {
  readonly code = 'NO_REQUEST_SCOPE';

  constructor() {
    super('No request scope on this response: mount requestScope(container) before the routes that call scopeOf(res)');
    this.name = 'NoRequestScopeError';
  }
}

const scopes = new WeakMap<Response, Scope>();

/** Gives every request its own container scope and disposes it when the response is finished. */
export function requestScope(container: Container, options: RequestScopeOptions = {}): RequestHandler {
  const report = options.onDisposeError ?? ((error: unknown) => console.error('request scope dispose failed', error));
  return (_req, res, next) => {
    const scope = container.createScope();
    scopes.set(res, scope);
    res.once('finish', () => {
      scope.dispose().catch(report);
    });
    next();
  };
}

/** The scope `requestScope` created for this response. */
export function scopeOf(res: Response): Scope {
  const scope = scopes.get(res);
  if (!scope) throw new NoRequestScopeError();
  return scope;
}
