import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';

export interface StaticSite {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a built VitePress site on 127.0.0.1 (a free port) for the browser checks, with `express.static`: `/a` serves
 * `a.html` as VitePress's `cleanUrls` expects, nothing outside the folder is reachable, and unknown paths get the
 * site's own 404 page.
 *
 * `tools` maps a URL path to a file the checks load into every page (axe-core): served with a long cache lifetime so
 * the browser fetches and compiles it once for the whole run, not once a page.
 */
export async function serveStatic(dir: string, tools: Readonly<Record<string, string>> = {}): Promise<StaticSite> {
  const root = path.resolve(dir);
  const app = express();
  for (const [urlPath, file] of Object.entries(tools)) {
    app.get(urlPath, (_req, res) => res.sendFile(file, { maxAge: '1h', immutable: true, dotfiles: 'allow' }));
  }
  app.use(express.static(root, { extensions: ['html'], dotfiles: 'ignore' }));
  app.use((_req, res) => {
    const notFound = path.join(root, '404.html');
    // dotfiles: the built site usually sits under docs/.vitepress/, which send would otherwise refuse.
    if (existsSync(notFound)) res.status(404).sendFile(notFound, { dotfiles: 'allow' });
    else res.status(404).type('text').send('not found');
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
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
