/**
 * One HTTP request on a connection of its own (no agent, no keep-alive), for the shutdown tests that stop a server
 * process (SIGSTOP) so its connections wait in the kernel's accept queue, then signal it.
 */
import { once } from 'node:events';
import { request } from 'node:http';

export type Outcome = { readonly status: number } | { readonly error: string };

export interface SentRequest {
  /** The status, or the error code that ended the request (`ECONNRESET` for a reset connection). Never rejects. */
  readonly outcome: Promise<Outcome>;
  /** Resolves once the connection is established and the whole request has been handed to the kernel. */
  readonly written: Promise<void>;
}

export function sendOnOwnConnection(port: number, method: string, path: string, body?: unknown): SentRequest {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers =
    payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
  const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers });
  const outcome = new Promise<Outcome>((resolve) => {
    req.once('response', (response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode ?? 0 }));
      response.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
  const connected = once(req, 'socket').then(([socket]) => once(socket as NodeJS.EventEmitter, 'connect'));
  const written = Promise.all([connected, once(req, 'finish')]).then(() => undefined);
  req.end(payload);
  return { outcome, written };
}
