/** A small fetch wrapper for the end-to-end tests: status, headers, and the body parsed when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // Bodies are checked field by field by the tests; `any`-free access through this record.
  readonly body: Record<string, unknown>;
}

export interface CallOptions {
  readonly body?: unknown;
  /** Sent as is, for malformed JSON and oversized bodies. */
  readonly rawBody?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** Aborts the call (e.g. `AbortSignal.timeout(ms)`), so a hang fails the test instead of stalling the run. */
  readonly signal?: AbortSignal;
}

export async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  if (/json/.test(response.headers.get('content-type') ?? '') && text)
    body = JSON.parse(text) as Record<string, unknown>;
  return { status: response.status, headers: response.headers, text, body };
}
