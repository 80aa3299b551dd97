import type { RequestHandler, Response } from 'express';
import type { Container, Scope } from '../../chapters/02-architecture/container/container.js';
import { TodoError } from '../../workbook/todo-error.js';

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

// TODO(02.4): a middleware that creates container.createScope() for each request, remembers it for this response
// (a WeakMap keyed by `res` keeps it off the response object), and disposes it when the response closes (the 'close'
// event fires after a normal response, an error response, and a client that hung up). A dispose failure goes to
// options.onDisposeError (default: console.error); it must never become an unhandled rejection.
export function requestScope(_container: Container, _options: RequestScopeOptions = {}): RequestHandler {
  throw new TodoError('02.4');
}

// TODO(02.4): the scope requestScope created for this response; NoRequestScopeError if there is none.
export function scopeOf(_res: Response): Scope {
  throw new TodoError('02.4');
}
