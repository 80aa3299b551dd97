import type { Response } from 'express';

interface Serialized {
  readonly body: Buffer;
  readonly etag: string | undefined;
}

type EtagFunction = (body: Buffer, encoding?: BufferEncoding) => string | undefined;

/**
 * `res.json(value)` for values that come from a cache and are never changed once cached (the catalogue's pages):
 * each value is serialized and its ETag hashed once, then the stored bytes are sent with the headers `res.json` would
 * set, in the same order (Content-Type, Content-Length, ETag), so conditional requests and HEAD behave the same.
 * Serializing and hashing the same page on every hit was most of the cached GET's own work.
 *
 * @example
 * const sendJson = createCachedJsonSender();
 * router.get('/', async (_req, res) => sendJson(res, await catalog.list(query)));
 */
export function createCachedJsonSender(): (res: Response, value: object) => void {
  // Keyed by the cached object itself: an entry lives exactly as long as the cache keeps the value.
  const serialized = new WeakMap<object, Serialized>();
  return (res, value) => {
    let stored = serialized.get(value);
    if (stored === undefined) {
      stored = serialize(res, value);
      serialized.set(value, stored);
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', stored.body.length);
    if (stored.etag !== undefined) res.setHeader('ETag', stored.etag);
    res.send(stored.body);
  };
}

/** The body `res.json` would write, with the app's json settings, and the ETag `res.send` would compute for it. */
function serialize(res: Response, value: object): Serialized {
  const app = res.app;
  const replacer = app.get('json replacer') as ((this: unknown, key: string, value: unknown) => unknown) | undefined;
  const spaces = app.get('json spaces') as string | number | undefined;
  let json = JSON.stringify(value, replacer, spaces);
  if (app.get('json escape') === true) json = json.replace(/[<>&]/g, escapeChar);
  const body = Buffer.from(json, 'utf8');
  const etagFn = app.get('etag fn') as EtagFunction | undefined;
  return { body, etag: typeof etagFn === 'function' ? etagFn(body) : undefined };
}

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
