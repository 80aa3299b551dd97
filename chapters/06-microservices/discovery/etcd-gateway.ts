/**
 * The etcd v3 JSON gateway as the registry uses it: HTTP POSTs of JSON, keys and values in base64, 64-bit numbers as
 * strings, and streaming calls answered as newline-separated JSON documents.
 */
import { z } from 'zod';
import { RegistryRequestError } from './discovery-error.js';
import { registryRequest, type Fetch } from './registry-http.js';

const keyValue = z.object({ key: z.string(), value: z.string().optional(), lease: z.string().optional() });
export const rangeResponse = z.object({
  header: z.object({ revision: z.string() }),
  kvs: z.array(keyValue).optional(),
});
export const leaseResponse = z.object({ ID: z.string(), TTL: z.string().optional() });
export const watchLine = z.object({
  result: z
    .object({
      header: z.object({ revision: z.string() }).optional(),
      created: z.boolean().optional(),
      canceled: z.boolean().optional(),
      compact_revision: z.string().optional(),
      events: z.array(z.object({ type: z.string().optional(), kv: keyValue })).optional(),
    })
    .optional(),
  error: z.unknown().optional(),
});

export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
export const unb64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');

/** The smallest key after every key starting with `prefix`: etcd's `range_end` for a prefix query. */
export function prefixRangeEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let i = bytes.length - 1; i >= 0; i -= 1) {
    if (bytes[i]! < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i] = end[i]! + 1;
      return end.toString('base64');
    }
  }
  return Buffer.from([0]).toString('base64'); // "\0" as range_end means "every key"
}

export interface EtcdGatewayOptions {
  readonly url: string;
  readonly fetch: Fetch;
  readonly requestTimeoutMs: number;
}

/** Requests to one etcd endpoint, each bounded by the request timeout (a watch stream by its caller's signal). */
export class EtcdGateway {
  readonly #url: string;
  readonly #fetch: Fetch;
  readonly #requestTimeoutMs: number;

  constructor(options: EtcdGatewayOptions) {
    this.#url = options.url.replace(/\/+$/, '');
    this.#fetch = options.fetch;
    this.#requestTimeoutMs = options.requestTimeoutMs;
  }

  /** Renews a lease once; returns its remaining TTL in seconds (0 when it had already expired). */
  async renewLease(leaseId: string, signal: AbortSignal): Promise<number> {
    // The gateway streams keep-alive answers; with one request in the body it answers once and ends.
    const text = await (await this.#raw('/v3/lease/keepalive', { ID: leaseId }, signal)).text();
    const first = text.split('\n').find((line) => line.trim() !== '');
    const parsed = z.object({ result: leaseResponse.partial().optional() }).safeParse(JSON.parse(first ?? '{}'));
    if (!parsed.success || !parsed.data.result)
      throw new RegistryRequestError(`unexpected keep-alive answer: ${text.slice(0, 200)}`);
    return Number(parsed.data.result.TTL ?? 0);
  }

  async post(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    return (await this.#raw(path, body, signal)).json();
  }

  #raw(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    return registryRequest(this.#fetch, `${this.#url}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
      timeoutMs: this.#requestTimeoutMs,
    });
  }

  /** Opens a watch on every key under `prefix` after `fromRevision` and yields the stream's documents as they come. */
  async *watchLines(prefix: string, fromRevision: string, signal: AbortSignal): AsyncGenerator<unknown> {
    const response = await this.#fetch(`${this.#url}/v3/watch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        create_request: {
          key: b64(prefix),
          range_end: prefixRangeEnd(prefix),
          start_revision: String(BigInt(fromRevision) + 1n),
        },
      }),
      signal,
    });
    if (!response.ok || !response.body) throw new RegistryRequestError(`POST /v3/watch answered ${response.status}`);
    yield* jsonLines(response.body);
  }
}

/** Parses a stream of newline-separated JSON documents, as the gateway sends for streaming calls. */
async function* jsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n');
    while (end >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line !== '') yield JSON.parse(line);
      end = buffer.indexOf('\n');
    }
  }
  if (buffer.trim() !== '') yield JSON.parse(buffer);
}
