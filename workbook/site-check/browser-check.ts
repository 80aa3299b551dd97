import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Exercise } from '../manifest/index.js';
import { supportsStackBlitz } from '../stackblitz/payload.js';
import { serveStatic } from './static-site.js';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium (or CHROMIUM_PATH). Playwright's own download is never used: nothing is fetched here. */
export function findChromium(): string | undefined {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((file): file is string => Boolean(file) && existsSync(file!));
}

export interface SiteCheckOptions {
  /** The built site (VitePress `outDir`). */
  readonly dist: string;
  readonly chromiumPath: string;
  /** Page path (`/chapters/01-design-patterns`) to the exercise ids whose StackBlitz button it must show. */
  readonly stackblitz?: ReadonlyMap<string, readonly string[]>;
  /** Where to save screenshots of these page paths. */
  readonly screenshots?: { readonly dir: string; readonly pages: readonly string[] };
  /** The pages whose code blocks must fit their box at the check's viewport (default: every page). */
  readonly codeFits?: (pagePath: string) => boolean;
  /** The pages that must hold a folded solution, hidden until asked (default: the exercise pages, `/exercises/...`). */
  readonly foldedSolution?: (pagePath: string) => boolean;
}

/** The path of an exercise's own page: `/exercises/01-1` for 01.1. */
export const exercisePagePath = (id: string): string => `/exercises/${id.replace('.', '-')}`;

/** For `stackblitz`: each exercise that can run in StackBlitz shows its button on its own page. */
export function stackBlitzButtons(exercises: readonly Exercise[]): Map<string, string[]> {
  return new Map(exercises.filter(supportsStackBlitz).map((e) => [exercisePagePath(e.id), [e.id]]));
}

const isExercisePage = (pagePath: string): boolean => /^\/exercises\/[^/]+$/.test(pagePath);

/** The window the pages are checked in: a common laptop width, at which code must not scroll sideways. */
export const checkViewport = { width: 1280, height: 800 } as const;

export interface PageReport {
  readonly page: string;
  readonly problems: string[];
  /** JavaScript and HTML bytes the page transferred. */
  readonly bytes: { js: number; html: number };
  /** First contentful paint in milliseconds, where the browser reported one. */
  readonly fcpMs?: number;
}

/** Every page path of a built site: `index.html` is `/`, `a/b.html` is `/a/b`. The 404 page is not a page. */
export function sitePages(dist: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'assets') walk(full);
      } else if (name.endsWith('.html') && full !== path.join(dist, '404.html')) {
        const relative = path
          .relative(dist, full)
          .split(path.sep)
          .join('/')
          .replace(/\.html$/, '');
        pages.push(relative === 'index' ? '/' : `/${relative.replace(/\/index$/, '/')}`);
      }
    }
  };
  walk(dist);
  return pages.sort();
}

/** Where the static server hands every page axe-core (see serveStatic's `tools`). */
const AXE_URL = '/__site-check/axe.min.js';
const axeFile = (): string => createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Visits every page of a built site in headless Chromium, as a reader would, and reports per page: a missing `h1`,
 * console errors, internal links (and anchors) that lead nowhere, empty snippet blocks, code blocks wider than their
 * box or with their overflow hidden (folded code included), a missing StackBlitz button, an exercise page whose
 * solution is missing or shown before it is asked for, and serious or critical accessibility violations (axe-core).
 */
const PAGES_AT_ONCE = 2;

export async function checkSite(options: SiteCheckOptions): Promise<PageReport[]> {
  const pages = sitePages(options.dist);
  const site = await serveStatic(options.dist, { [AXE_URL]: axeFile() });
  // One browser profile for the whole run, as one reader's browser: the site's shared scripts and axe-core are fetched
  // and compiled once (HTTP and code cache), not once a page. Each page still loads fully in a tab of its own; a fresh
  // context a page spent more CPU on compiling the same scripts again than on checking the page.
  const profile = mkdtempSync(path.join(tmpdir(), 'site-check-profile-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: options.chromiumPath,
    args: chromiumArgs,
    viewport: checkViewport,
  });
  try {
    // Two tabs at a time: with about a hundred pages, one at a time took minutes, and more tabs than cores gains nothing.
    const visits: Awaited<ReturnType<typeof visit>>[] = [];
    let next = 0;
    const tab = async (): Promise<void> => {
      while (next < pages.length) {
        const index = next++;
        visits[index] = await visit(browser, site.url, pages[index]!, options);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PAGES_AT_ONCE, pages.length) }, tab));
    const reports: PageReport[] = [];
    const idsByPage = new Map<string, Set<string>>();
    const links: { from: string; href: string }[] = [];
    visits.forEach(({ report, ids, hrefs }, index) => {
      reports.push(report);
      idsByPage.set(pages[index]!, ids);
      for (const href of hrefs) links.push({ from: pages[index]!, href });
    });
    await checkLinks(site.url, links, idsByPage, reports);
    return reports;
  } finally {
    await browser.close();
    await site.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function visit(
  browser: BrowserContext,
  base: string,
  pagePath: string,
  options: SiteCheckOptions,
): Promise<{ report: PageReport; ids: Set<string>; hrefs: string[] }> {
  const page: Page = await browser.newPage();
  const problems: string[] = [];
  const bytes = { js: 0, html: 0 };
  const bodies: Promise<void>[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text().slice(0, 300)}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught error: ${error.message.slice(0, 300)}`));
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    const kind = type.includes('javascript') ? 'js' : type.includes('html') ? 'html' : undefined;
    if (response.status() >= 400)
      problems.push(`request for ${response.url().replace(base, '')} answered ${response.status()}`);
    if (kind && !response.url().endsWith(AXE_URL))
      bodies.push(
        response.body().then(
          (body) => void (bytes[kind] += body.length),
          () => undefined,
        ),
      );
  });
  try {
    const response = await page.goto(base + pagePath, { waitUntil: 'networkidle' });
    if (!response || response.status() !== 200) problems.push(`answered ${response?.status() ?? 'nothing'}`);
    if ((await page.locator('h1').count()) === 0) problems.push('has no h1');

    const emptySnippets = await page.$$eval('[data-snippet]', (blocks) =>
      blocks
        .filter((block) => !(block.querySelector('code')?.textContent ?? '').trim())
        .map((block) => block.getAttribute('data-snippet')),
    );
    for (const snippet of emptySnippets) problems.push(`snippet block ${snippet} is empty`);

    if (options.foldedSolution?.(pagePath) ?? isExercisePage(pagePath))
      problems.push(...(await foldedSolutionProblems(page)));
    // Folded code counts too: open every <details> (the test file, the wrong answers) before measuring.
    await page.$$eval('.vp-doc details', (folds) => folds.forEach((fold) => fold.setAttribute('open', '')));
    if (options.codeFits?.(pagePath) ?? true) problems.push(...(await codeThatDoesNotFit(page)));

    for (const id of options.stackblitz?.get(pagePath) ?? []) {
      if ((await page.locator(`[data-stackblitz="${id}"]`).count()) === 0)
        problems.push(`no StackBlitz button for exercise ${id}`);
    }

    await page.addScriptTag({ url: AXE_URL });
    const violations = await page.evaluate(async () => {
      // Runs in the page; the project's types are Node's, so the page's globals are described by hand.
      const axe = (
        globalThis as unknown as {
          axe: {
            run(
              context: unknown,
              options: object,
            ): Promise<{
              violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
            }>;
          };
        }
      ).axe;
      const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes
          .map((node) => node.target.join(' '))
          .slice(0, 3)
          .join(', '),
      }));
    });
    for (const violation of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      problems.push(`accessibility (${violation.impact}): ${violation.id}, ${violation.help} (${violation.targets})`);
    }

    await Promise.all(bodies);
    const fcpMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
    const ids = new Set(await page.$$eval('[id]', (elements) => elements.map((element) => element.id)));
    const hrefs = await page.$$eval('a[href]', (anchors) =>
      anchors.map((anchor) => (anchor as unknown as { href: string }).href),
    );
    if (options.screenshots?.pages.includes(pagePath)) {
      mkdirSync(options.screenshots.dir, { recursive: true });
      const name = pagePath === '/' ? 'home' : pagePath.slice(1).replace(/\//g, '_');
      await page.screenshot({ path: path.join(options.screenshots.dir, `${name}.png`), fullPage: false });
    }
    const report: PageReport =
      fcpMs === undefined ? { page: pagePath, problems, bytes } : { page: pagePath, problems, bytes, fcpMs };
    return { report, ids, hrefs: hrefs.filter((href) => href.startsWith(base)) };
  } finally {
    await page.close();
  }
}

/**
 * The solution is in the page but not shown: its body exists, is hidden, and appears when its control is pressed
 * (which the rest of the check relies on, so the solution's code is measured and checked by axe too).
 */
async function foldedSolutionProblems(page: Page): Promise<string[]> {
  const body = page.locator('[data-solution]');
  if ((await body.count()) === 0) return ['no folded solution'];
  const problems: string[] = [];
  if (await body.first().isVisible()) problems.push('the solution is visible before it is asked for');
  if ((await body.first().locator('[data-snippet]').count()) === 0) problems.push('the folded solution shows no code');
  const toggle = page.locator('.reveal-solution-toggle').first();
  if ((await toggle.count()) === 0) return [...problems, 'no control to show the solution'];
  await toggle.click();
  if (!(await body.first().isVisible())) problems.push('the solution stays hidden when its control is pressed');
  return problems;
}

/**
 * Code blocks that scroll sideways at the check's viewport, or whose overflow is hidden (which would cut code off
 * instead of scrolling it). Each block is checked at its three levels: the wrapper, its `pre` and its `code`.
 */
async function codeThatDoesNotFit(page: Page): Promise<string[]> {
  return page.$$eval('.vp-doc div[class*="language-"]', (blocks) =>
    blocks.flatMap((block, index) => {
      // Runs in the page; the project's types are Node's, so the page's globals are described by hand.
      const view = globalThis as unknown as { getComputedStyle(element: unknown): { overflowX: string } };
      const snippet = block.getAttribute('data-snippet');
      const name = snippet ? `code block ${snippet}` : `code block ${index + 1}`;
      const problems: string[] = [];
      for (const element of [block, block.querySelector('pre'), block.querySelector('code')]) {
        if (!element) continue;
        const tag = element.tagName.toLowerCase();
        const overflow = view.getComputedStyle(element).overflowX;
        if (overflow === 'hidden' || overflow === 'clip')
          problems.push(`${name}: overflow-x ${overflow} on its ${tag}`);
        const excess = element.scrollWidth - element.clientWidth;
        if (excess > 0) problems.push(`${name}: its ${tag} is ${excess}px wider than its box, so it scrolls sideways`);
      }
      return problems;
    }),
  );
}

async function checkLinks(
  base: string,
  links: readonly { from: string; href: string }[],
  idsByPage: ReadonlyMap<string, Set<string>>,
  reports: PageReport[],
): Promise<void> {
  const statusCache = new Map<string, number>();
  for (const { from, href } of links) {
    const url = new URL(href);
    const target = decodeURI(url.pathname);
    let status = statusCache.get(target);
    if (status === undefined) {
      status = idsByPage.has(target) ? 200 : (await fetch(`${base}${url.pathname}`)).status;
      statusCache.set(target, status);
    }
    const report = reports.find((r) => r.page === from)!;
    if (status !== 200) {
      report.problems.push(`link to ${target} answers ${status}`);
      continue;
    }
    const anchor = decodeURIComponent(url.hash.slice(1));
    const ids = idsByPage.get(target);
    if (anchor && ids && !ids.has(anchor)) report.problems.push(`link to ${target}#${anchor}: no element has that id`);
  }
  for (const report of reports) report.problems.splice(0, report.problems.length, ...new Set(report.problems));
}
