import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { chapters, exercises, findExercise } from '../../workbook/manifest/index.js';
import { buildPayload, supportsStackBlitz } from '../../workbook/stackblitz/payload.js';
import {
  cardsOf,
  courseExercises,
  exercisePage,
  movedAnchorMap,
  pageLabel,
  pagesOf,
  stackBlitzProblem,
} from './course.js';
import { slugify, topicsOf } from './headings.js';
import { workbookMarkdown } from './workbook-markdown.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The sidebar comes from the exercise manifest, so a chapter or exercise added there appears here without a second edit.
// A chapter split into parts gets one entry per part; each exercise is listed under the part whose section it practises.
const placed = courseExercises();
const chapterItems: DefaultTheme.SidebarItem[] = chapters
  .filter((chapter) => chapter.page.startsWith('chapters/'))
  .flatMap((chapter) => {
    const parts = pagesOf(chapter);
    return parts.map((part) => ({
      text: pageLabel(chapter, part.page),
      link: `/${part.page}`,
      collapsed: true,
      items: [
        ...topicsOf(path.join(repositoryRoot, 'docs', `${part.page}.md`)).map((topic) => ({
          text: topic.text,
          link: `/${part.page}#${topic.anchor}`,
        })),
        {
          // Not collapsible: a collapsible group inside a collapsible chapter nests interactive controls (axe).
          text: 'Exercises',
          items: placed
            .filter(({ placement }) => placement.page === part.page)
            .map(({ exercise }) => ({ text: `${exercise.id} ${exercise.title}`, link: exercisePage(exercise.id) })),
        },
      ],
    }));
  });

export default defineConfig({
  title: 'Advanced Node.js Workbook',
  description: 'Production Node.js in TypeScript: worked modules, exercises with tests, and a capstone service.',
  lang: 'en',
  cleanUrls: true,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  lastUpdated: false,
  // The exercise notes are read into the exercise pages (docs/exercises/[id].paths.ts), not published on their own.
  srcExclude: ['exercise-notes/**'],
  markdown: {
    anchor: { slugify },
    // High-contrast code themes: the default themes' comments fall below 4.5:1 against the code background.
    theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
    config: (md) => workbookMarkdown(md, exercises, repositoryRoot, cardsOf),
  },
  themeConfig: {
    nav: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Chapters', link: chapterItems[0]?.link ?? '/getting-started' },
      { text: 'Exercises', link: '/exercises/' },
    ],
    sidebar: [
      {
        text: 'Start here',
        items: [
          { text: 'Getting started', link: '/getting-started' },
          { text: 'Running the services', link: '/guide/services' },
          { text: 'All exercises', link: '/exercises/' },
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
    // The theme redirects anchors that moved when Chapters 6 and 8 were split (theme/moved-anchors.ts).
    define: { __MOVED_ANCHORS__: JSON.stringify(movedAnchorMap()) },
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
      const problem = stackBlitzProblem(exercise);
      // Its page shows no button then (exercise-page.ts); say why, so it gets fixed.
      if (problem) console.warn(`StackBlitz: no payload for ${exercise.id}: ${problem}`);
      else writeFileSync(path.join(dir, `${exercise.id}.json`), JSON.stringify(buildPayload(exercise)));
    }
  },
});
