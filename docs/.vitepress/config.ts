import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { chapters, exercises, findExercise } from '../../workbook/manifest/index.js';
import { buildPayload, supportsStackBlitz } from '../../workbook/stackblitz/payload.js';
import { slugify, topicsOf } from './headings.js';
import { workbookMarkdown } from './workbook-markdown.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The sidebar comes from the exercise manifest, so a chapter or exercise added there appears here without a second edit.
const chapterItems: DefaultTheme.SidebarItem[] = chapters
  .filter((chapter) => chapter.page.startsWith('chapters/'))
  .map((chapter) => ({
    text: `${chapter.number} ${chapter.title}`,
    link: `/${chapter.page}`,
    collapsed: true,
    items: [
      ...topicsOf(path.join(repositoryRoot, 'docs', `${chapter.page}.md`))
        .filter((topic) => topic.text !== 'Exercises' && !/^Exercises for part/.test(topic.text))
        .map((topic) => ({ text: topic.text, link: `/${chapter.page}#${topic.anchor}` })),
      {
        // Not collapsible: a collapsible group inside a collapsible chapter nests interactive controls (axe).
        text: 'Exercises',
        items: chapter.exercises.map((exercise) => ({
          text: `${exercise.id} ${exercise.title}`,
          link: `/${chapter.page}#exercise-${exercise.id.replace('.', '-')}`,
        })),
      },
    ],
  }));

export default defineConfig({
  title: 'Advanced Node.js Workbook',
  description: 'Production Node.js in TypeScript: worked modules, exercises with tests, and a capstone service.',
  lang: 'en',
  cleanUrls: true,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  lastUpdated: false,
  markdown: {
    anchor: { slugify },
    // High-contrast code themes: the default themes' comments fall below 4.5:1 against the code background.
    theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
    config: (md) => workbookMarkdown(md, exercises, repositoryRoot),
  },
  themeConfig: {
    nav: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Chapters', link: chapterItems[0]?.link ?? '/getting-started' },
      { text: 'Exercises', link: '/exercises' },
    ],
    sidebar: [
      {
        text: 'Start here',
        items: [
          { text: 'Getting started', link: '/getting-started' },
          { text: 'Running the services', link: '/guide/services' },
          { text: 'All exercises', link: '/exercises' },
        ],
      },
      { text: 'Chapters', items: chapterItems },
      ...(existsSync(path.join(repositoryRoot, 'docs/capstone.md'))
        ? [{ text: 'Capstone', items: [{ text: 'The orders service', link: '/capstone' }] }]
        : []),
      {
        text: 'Reference',
        items: [
          { text: 'Glossary', link: '/glossary' },
          { text: 'Troubleshooting', link: '/troubleshooting' },
        ],
      },
    ],
    search: { provider: 'local' },
    outline: [2, 3],
    docFooter: { prev: 'Previous', next: 'Next' },
  },
  vite: {
    plugins: [
      {
        // `npm run docs`: payloads are built on request, from the files as they are now.
        name: 'workbook-stackblitz-payloads',
        configureServer(server) {
          server.middlewares.use((request, response, next) => {
            const match = /^\/stackblitz\/(\d{2}\.\d+)\.json$/.exec(request.url ?? '');
            const exercise = match ? findExercise(match[1]!) : undefined;
            if (!exercise || !supportsStackBlitz(exercise)) return next();
            response.setHeader('content-type', 'application/json');
            response.end(JSON.stringify(buildPayload(exercise)));
          });
        },
      },
    ],
  },
  // `npm run docs:build`: one payload file per exercise that needs no service, fetched when the button is clicked.
  buildEnd(site) {
    const dir = path.join(site.outDir, 'stackblitz');
    mkdirSync(dir, { recursive: true });
    for (const exercise of exercises.filter(supportsStackBlitz)) {
      writeFileSync(path.join(dir, `${exercise.id}.json`), JSON.stringify(buildPayload(exercise)));
    }
  },
});
