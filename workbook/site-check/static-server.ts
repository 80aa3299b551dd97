import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface StaticSite {
  readonly url: string;
  close(): Promise<void>;
}

/** Map a URL path to a file the way VitePress's `cleanUrls` expects a host to: `/a` serves `a.html`. */
export function resolveSitePath(dir: string, urlPath: string): string | undefined {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/');
  const base = path.join(dir, path.normalize(clean).replace(/^(\.\.[/\\])+/, ''));
  if (!base.startsWith(dir)) return undefined;
  const candidates = clean.endsWith('/') ? [path.join(base, 'index.html')] : [base, `${base}.html`, path.join(base, 'index.html')];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

/** Serves a built site on 127.0.0.1 (a free port) for the browser checks; unknown paths get the site's 404 page. */
export async function serveStatic(dir: string): Promise<StaticSite> {
  const root = path.resolve(dir);
  const server: Server = createServer((request, response) => {
    const file = resolveSitePath(root, request.url ?? '/');
    if (!file) {
      response.writeHead(404, { 'content-type': types['.html']! });
      const notFound = path.join(root, '404.html');
      if (existsSync(notFound)) createReadStream(notFound).pipe(response);
      else response.end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
