import type { RawResponse } from './api-contract.js';

export interface ApiClient {
  /** Sends a request; `body` is sent as JSON (a string is sent as is), `token` as a Bearer credential. */
  send(
    method: string,
    path: string,
    init?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<RawResponse>;
}

/**
 * A few lines over `fetch` for tests: the raw status, headers and text, so `expectResponse` judges the body
 * (a client that throws on non-JSON or parses for you hides exactly what a contract test should see).
 */
export function apiClient(baseUrl: string): ApiClient {
  return {
    async send(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.body !== undefined) headers['content-type'] ??= 'application/json';
      if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers,
        ...(init.body === undefined
          ? {}
          : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
  };
}
