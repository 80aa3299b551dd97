import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exercise } from '../../workbook/manifest/index.js';
import { fromRoot } from '../../workbook/paths.js';
import { checkSite, findChromium, stackBlitzButtons } from '../../workbook/site-check/browser-check.js';
import { serveStatic } from '../../workbook/site-check/static-site.js';
import { rawRequest } from '../support/net.js';

const write = (file: string, text: string): void => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

describe('the static server used by the browser checks', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'site-'));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  write(path.join(dist, 'index.html'), 'home');
  write(path.join(dist, 'chapters/one.html'), 'one');
  write(path.join(dist, '404.html'), "the site's own 404");
  write(path.join(path.dirname(dist), `${path.basename(dist)}-secret.txt`), 'outside the site');

  const get = async (urlPath: string): Promise<{ status: number; text: string }> => {
    const site = await serveStatic(dist);
    try {
      const { status, text } = await rawRequest(site.url, 'GET', urlPath);
      return { status, text };
    } finally {
      await site.close();
    }
  };

  it('serves clean URLs the way VitePress expects', async () => {
    expect(await get('/')).toEqual({ status: 200, text: 'home' });
    expect(await get('/chapters/one')).toEqual({ status: 200, text: 'one' });
    expect(await get('/chapters/one.html')).toEqual({ status: 200, text: 'one' });
  });

  it("never serves a file outside the site, and answers unknown paths with the site's 404 page", async () => {
    expect(await get(`/../${path.basename(dist)}-secret.txt`)).toEqual({ status: 404, text: "the site's own 404" });
    expect(await get(`/%2e%2e/${path.basename(dist)}-secret.txt`)).toEqual({ status: 404, text: "the site's own 404" });
    expect(await get('/missing')).toEqual({ status: 404, text: "the site's own 404" });
  });
});

// A fixture VitePress site inside the repository (so its config can load the workbook's markdown rules and their
// dependencies), built exactly as `npm run docs:build` builds the real one.
describe('the docs build refuses pages that would drift from the code', () => {
  const site = path.join(fromRoot('.workbook'), `site-fixture-${process.pid}`);
  afterAll(() => rmSync(site, { recursive: true, force: true }));

  const build = (page: string): { status: number | null; output: string } => {
    rmSync(site, { recursive: true, force: true });
    write(
      path.join(site, '.vitepress/config.ts'),
      `import { workbookMarkdown } from ${JSON.stringify(fromRoot('docs/.vitepress/workbook-markdown.ts'))};\n` +
        `export default { markdown: { config: (md) => workbookMarkdown(md, [], ${JSON.stringify(fromRoot())}) } };\n`,
    );
    write(path.join(site, 'index.md'), page);
    const run = spawnSync(process.execPath, [fromRoot('node_modules/vitepress/bin/vitepress.js'), 'build', site], {
      cwd: fromRoot(),
      encoding: 'utf8',
    });
    return { status: run.status, output: run.stdout + run.stderr };
  };

  it('builds a page whose snippet imports exist', () => {
    const result = build('# Fine\n\n<<< @/../../workbook/todo-error.ts\n');
    expect(result.output).toContain('build complete');
    expect(result.status).toBe(0);
  }, 60_000);

  it('fails on a snippet import of a missing file, naming the page and the file', () => {
    const result = build('# Broken\n\n<<< @/../../chapters/no-such-file.ts\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/index\.md: snippet import of chapters\/no-such-file\.ts, which does not exist/);
  }, 60_000);

  it('fails on a snippet import of a region the file does not have', () => {
    const result = build('# Broken\n\n<<< @/../../workbook/todo-error.ts#no-such-region\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/region "no-such-region" in workbook\/todo-error\.ts, which has no such region/);
  }, 60_000);

  it('fails on a link to a page that does not exist', () => {
    const result = build('# Broken\n\nSee [the missing page](./missing).\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/dead link/);
  }, 60_000);
});

const chromiumPath = findChromium();
const requireBrowser = process.env.WORKBOOK_REQUIRE_BROWSER === '1';

describe('the browser checks', () => {
  if (requireBrowser) {
    it('have a browser when CI requires one', () => {
      expect(chromiumPath, 'WORKBOOK_REQUIRE_BROWSER=1 but no Chromium was found').toBeDefined();
    });
  }

  // Fixture pages name an empty favicon, as the built site names its own: without one Chromium asks for /favicon.ico,
  // and the 404 can land as a console error on whichever page is open (it did, beside two CPU hogs).
  it.runIf(chromiumPath)(
    'report a broken link, a missing anchor, a missing h1, an empty snippet and a console error',
    async () => {
      const dist = mkdtempSync(path.join(tmpdir(), 'site-check-'));
      try {
        const page = (body: string): string =>
          `<!doctype html><html lang="en"><head><title>t</title><link rel="icon" href="data:,"></head><body><main>${body}</main></body></html>`;
        write(
          path.join(dist, 'index.html'),
          page('<h1>Home</h1><a href="/missing">gone</a> <a href="/guide#nowhere">anchor</a> <a href="/guide">ok</a>'),
        );
        write(
          path.join(dist, 'guide.html'),
          page(
            '<p id="here">No heading.</p><div data-snippet="chapters/x.ts"><pre><code> </code></pre></div><script>console.error("boom")</script>',
          ),
        );
        write(path.join(dist, 'chapter.html'), page('<h1>Chapter</h1>'));
        const reports = await checkSite({
          dist,
          chromiumPath: chromiumPath!,
          stackblitz: new Map([['/chapter', ['01.1']]]),
        });
        const problems = Object.fromEntries(reports.map((r) => [r.page, r.problems]));
        expect(problems['/']).toEqual(
          expect.arrayContaining(['link to /missing answers 404', 'link to /guide#nowhere: no element has that id']),
        );
        expect(problems['/guide']).toEqual(
          expect.arrayContaining(['has no h1', 'snippet block chapters/x.ts is empty', 'console error: boom']),
        );
        expect(problems['/chapter']).toEqual(['no StackBlitz button for exercise 01.1']);
      } finally {
        rmSync(dist, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it.runIf(chromiumPath)(
    'reports a code block that scrolls sideways or hides its overflow at 1280 pixels, not one that wraps',
    async () => {
      const dist = mkdtempSync(path.join(tmpdir(), 'site-check-'));
      try {
        const page = (body: string): string =>
          `<!doctype html><html lang="en"><head><title>t</title><link rel="icon" href="data:,"></head><body><main><h1>Code</h1><div class="vp-doc" style="max-width: 688px">${body}</div></main></body></html>`;
        // One line of about 200 characters: wider than the 688-pixel column in any monospace font.
        const line = `const endpoints = [${Array.from({ length: 12 }, (_, i) => `'https://example.com/v${i}'`).join(', ')}];`;
        const block = (snippet: string, preStyle: string, codeStyle: string): string =>
          `<div class="language-ts" data-snippet="${snippet}"><pre style="${preStyle}"><code style="display: block; ${codeStyle}">${line}</code></pre></div>`;
        write(path.join(dist, 'index.html'), page(''));
        write(
          path.join(dist, 'chapters/scrolls.html'),
          page(block('chapters/a.ts', 'overflow-x: auto', 'white-space: pre')),
        );
        write(
          path.join(dist, 'chapters/hidden.html'),
          page(block('chapters/b.ts', 'overflow-x: hidden', 'white-space: pre')),
        );
        write(
          path.join(dist, 'chapters/wraps.html'),
          page(block('chapters/c.ts', 'overflow-x: auto', 'white-space: pre-wrap; overflow-wrap: anywhere')),
        );
        const reports = await checkSite({ dist, chromiumPath: chromiumPath! });
        const problems = Object.fromEntries(reports.map((r) => [r.page, r.problems]));
        expect(problems['/chapters/scrolls']).toContainEqual(
          expect.stringMatching(/^code block chapters\/a\.ts: its pre is \d+px wider than its box/),
        );
        expect(problems['/chapters/hidden']).toContain('code block chapters/b.ts: overflow-x hidden on its pre');
        expect(problems['/chapters/wraps']).toEqual([]);
      } finally {
        rmSync(dist, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it.runIf(chromiumPath)(
    'reports an exercise page whose solution is missing, or shown before it is asked for',
    async () => {
      const dist = mkdtempSync(path.join(tmpdir(), 'site-check-'));
      try {
        const page = (body: string): string =>
          `<!doctype html><html lang="en"><head><title>t</title><link rel="icon" href="data:,"></head><body><main><h1>Exercise</h1><div class="vp-doc">${body}</div></main></body></html>`;
        const solution = (hidden: boolean): string =>
          `<div class="reveal-solution"><button type="button" class="reveal-solution-toggle" ` +
          `onclick="document.getElementById('s').hidden = false">Show the solution</button>` +
          `<div id="s" data-solution ${hidden ? 'hidden' : ''}><div class="language-ts" data-snippet="solutions/x.ts"><pre><code>const x = 1;</code></pre></div></div></div>`;
        write(path.join(dist, 'index.html'), page(''));
        write(path.join(dist, 'exercises/01-1.html'), page(solution(true)));
        write(path.join(dist, 'exercises/01-2.html'), page(solution(false)));
        write(path.join(dist, 'exercises/01-3.html'), page('<p>No solution here.</p>'));
        const exercise = (id: string, services: Exercise['services']): Exercise => ({
          id,
          title: id,
          stub: '',
          test: '',
          hints: [],
          services,
          minutes: 5,
          level: 'core',
        });
        const stackblitz = stackBlitzButtons([exercise('01.3', []), exercise('01.1', ['mongo'])]);
        const reports = await checkSite({ dist, chromiumPath: chromiumPath!, stackblitz });
        const problems = Object.fromEntries(reports.map((r) => [r.page, r.problems]));
        expect(problems['/exercises/01-1']).toEqual([]);
        expect(problems['/exercises/01-2']).toEqual(['the solution is visible before it is asked for']);
        expect(problems['/exercises/01-3']).toEqual(
          expect.arrayContaining(['no folded solution', 'no StackBlitz button for exercise 01.3']),
        );
      } finally {
        rmSync(dist, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
