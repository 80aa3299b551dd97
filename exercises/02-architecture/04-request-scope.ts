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

// TODO(02.4): a middleware that gives each request its own scope of `container`, which scopeOf(res) returns for
// that response, and disposes the scope once the response is over: sent normally, sent as an error, or abandoned by
// a client that hung up. Nothing is added to the response object. A dispose failure goes to options.onDisposeError
// (default: console.error with a message that says a request scope's dispose failed, then the error); it never
// becomes an unhandled rejection.
export function requestScope(_container: Container, _options: RequestScopeOptions = {}): RequestHandler {
  throw new TodoError('02.4');
}

// TODO(02.4): the scope requestScope created for this response; NoRequestScopeError if there is none.
export function scopeOf(_res: Response): Scope {
  throw new TodoError('02.4');
}
