import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  anchorsOf,
  courseExercises,
  movedAnchorMap,
  notesFile,
  notesOf,
  opensInStackBlitz,
  pagesOf,
  rewriteChapterLinks,
  stackBlitzProblem,
} from '../../docs/.vitepress/course.js';
import { exercisePageMarkdown, prose } from '../../docs/.vitepress/exercise-page.js';
import { chapters } from '../../workbook/manifest/index.js';
import { supportsStackBlitz } from '../../workbook/stackblitz/payload.js';
import { relativeToRoot } from '../../workbook/paths.js';

// The docs build every exercise page from the manifest and docs/exercise-notes/NN.M.md; these tests keep the two in
// step, so an exercise never reaches the site without its task, or with a card in the wrong place.
const course = courseExercises();

describe('the exercise pages', () => {
  it.each(course.map(({ exercise }) => [exercise.id, exercise] as const))(
    '%s has a notes file with its task',
    (_id, exercise) => {
      expect(existsSync(notesFile(exercise.id)), `write ${relativeToRoot(notesFile(exercise.id))}`).toBe(true);
      expect(notesOf(exercise)?.task.length ?? 0).toBeGreaterThan(40);
    },
  );

  it.each(course.map(({ exercise, chapter, placement }) => [exercise.id, exercise, chapter, placement] as const))(
    '%s names a section of its chapter that exists, and its card goes there',
    (_id, exercise, chapter, placement) => {
      const section = notesOf(exercise)?.section;
      expect(
        section,
        `link the section ${exercise.id} practises, [Name](/${chapter.page}#anchor), in its notes`,
      ).toBeDefined();
      expect(pagesOf(chapter).map((p) => p.page)).toContain(section!.page);
      expect(anchorsOf(section!.page), `no heading with the anchor #${section!.anchor} on ${section!.page}`).toContain(
        section!.anchor,
      );
      expect(placement).toEqual(section);
    },
  );

  it('every page has an h1, the commands, the folded test and the solution behind its control', () => {
    for (const { exercise, chapter, placement } of course) {
      const page = exercisePageMarkdown(exercise, chapter, placement);
      expect(page).toMatch(new RegExp(`^# ${exercise.id.replace('.', '\\.')} `));
      expect(page).toContain(`npm run workbook -- check ${exercise.id}`);
      expect(page).toContain(`npm run workbook -- hint ${exercise.id}`);
      expect(page).toContain(`::: details Show the test file (${exercise.test})`);
      expect(page).toMatch(/<RevealSolution>[\s\S]*<\/RevealSolution>/);
      expect(page.includes('<OpenInStackBlitz')).toBe(opensInStackBlitz(exercise));
    }
  });

  it.each(
    course
      .filter(({ exercise }) => supportsStackBlitz(exercise))
      .map(({ exercise }) => [exercise.id, exercise] as const),
  )('%s can run in StackBlitz, and its payload builds', (_id, exercise) => {
    expect(stackBlitzProblem(exercise)).toBeUndefined();
  });

  it('the known-wrong answers of an exercise appear, folded, inside its solution', () => {
    const entry = course.find(({ exercise }) => exercise.id === '01.1')!;
    const page = exercisePageMarkdown(entry.exercise, entry.chapter, entry.placement);
    const solution = page.slice(page.indexOf('<RevealSolution>'));
    expect(solution).toContain('::: details sync throw leaks timer');
    expect(solution).toContain('--- solutions/01-design-patterns/01-singleton-init-timeout.ts');
  });
});

describe('text from outside the docs on a page', () => {
  it('keeps code spans and defuses HTML and Vue interpolation elsewhere', () => {
    expect(prose('a Map<string> and `Map<string>`')).toBe('a Map&lt;string> and `Map<string>`');
    expect(prose('{{ x }}')).not.toContain('{{');
  });
});

describe('the split chapters', () => {
  it('send links to an anchor that moved to the second part there', () => {
    expect(rewriteChapterLinks('[etcd](/chapters/06-microservices#etcd-leases-prefixes-and-watches)')).toBe(
      '[etcd](/chapters/06-service-discovery#etcd-leases-prefixes-and-watches)',
    );
    expect(rewriteChapterLinks('[port](/chapters/06-microservices#the-messaging-port)')).toBe(
      '[port](/chapters/06-microservices#the-messaging-port)',
    );
  });

  it('redirect every old anchor of the one-page chapters to an anchor that exists', () => {
    for (const [page, anchors] of Object.entries(movedAnchorMap())) {
      expect(chapters.some((c) => c.page === page)).toBe(true);
      for (const target of Object.values(anchors)) {
        const [to, anchor] = target.split('#') as [string, string];
        // Exercise cards are not headings: their anchors come from the cards placed on that page.
        if (anchor.startsWith('exercise-')) expect(course.some(({ placement }) => placement.page === to)).toBe(true);
        else expect(anchorsOf(to), `${page} -> ${target}`).toContain(anchor);
      }
    }
  });
});
