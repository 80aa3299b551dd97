import { defineConfig, type DefaultTheme } from 'vitepress';
import { chapters } from '../../workbook/manifest/index.js';

// The sidebar comes from the exercise manifest, so a chapter or exercise added there appears here without a second edit.
const chapterItems: DefaultTheme.SidebarItem[] = chapters
  .filter((chapter) => chapter.page.startsWith('chapters/'))
  .map((chapter) => ({
    text: `${chapter.number} ${chapter.title}`,
    link: `/${chapter.page}`,
    collapsed: false,
    items: chapter.exercises.map((exercise) => ({
      text: `${exercise.id} ${exercise.title}`,
      link: `/${chapter.page}#exercise-${exercise.id.replace('.', '-')}`,
    })),
  }));

export default defineConfig({
  title: 'Advanced Node.js Workbook',
  description: 'Production Node.js in TypeScript: worked modules, exercises with tests, and a capstone service.',
  cleanUrls: true,
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Chapters', link: chapterItems[0]?.link ?? '/getting-started' },
    ],
    sidebar: [
      { text: 'Start here', items: [{ text: 'Getting started', link: '/getting-started' }] },
      { text: 'Chapters', items: chapterItems },
    ],
    search: { provider: 'local' },
    outline: [2, 3],
  },
});
