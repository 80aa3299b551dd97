import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chapters, type Chapter, type Exercise } from '../../workbook/manifest/index.js';
import { buildPayload, PayloadError, supportsStackBlitz } from '../../workbook/stackblitz/payload.js';
import { slugify } from './headings.js';

/**
 * The course's shape, read at build time from the manifest and from the exercise notes (docs/exercise-notes/NN.M.md):
 * which page each chapter part is, where each exercise's card sits, and what each exercise page says.
 */

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const docs = path.join(repositoryRoot, 'docs');

/**
 * Chapters published as several pages, one per part. The manifest's `page` stays the first part (the manifest belongs
 * to the chapters); which part an exercise belongs to follows from the section its notes name.
 */
export const chapterParts: Readonly<Record<string, readonly { page: string; title: string }[]>> = {
  'chapters/06-microservices': [
    { page: 'chapters/06-microservices', title: 'Microservices: messaging' },
    { page: 'chapters/06-service-discovery', title: 'Microservices: service discovery' },
  ],
  'chapters/08-production': [
    { page: 'chapters/08-production', title: 'Production: shutdown, health and observability' },
    { page: 'chapters/08-deployment', title: 'Production: deployment' },
  ],
};

/** The pages of a chapter in reading order: one, or one per part. */
export function pagesOf(chapter: Chapter): { page: string; title: string }[] {
  return [...(chapterParts[chapter.page] ?? [{ page: chapter.page, title: chapter.title }])];
}

/** How a page of a chapter is named in links and the sidebar: `01 Design patterns`, or `06.2 Microservices: ...`. */
export function pageLabel(chapter: Chapter, page: string): string {
  const parts = pagesOf(chapter);
  const index = parts.findIndex((p) => p.page === page);
  return parts.length > 1 && index >= 0
    ? `${chapter.number}.${index + 1} ${parts[index]!.title}`
    : `${chapter.number} ${chapter.title}`;
}

/** `01.1` -> `01-1`, the exercise page's slug and the card's anchor suffix. */
export const exerciseSlug = (id: string): string => id.replace('.', '-');
export const exercisePage = (id: string): string => `/exercises/${exerciseSlug(id)}`;

/** The anchors of a page's `##` and `###` headings (outside code fences), numbered as VitePress numbers repeats. */
export function anchorsOf(page: string): Set<string> {
  const file = path.join(docs, `${page}.md`);
  const anchors = new Set<string>();
  if (!existsSync(file)) return anchors;
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const match = !fenced && /^#{1,6} (.+?)\s*$/.exec(line);
    if (!match) continue;
    const custom = /\s*\{#([^}]+)\}$/.exec(match[1]!);
    if (custom) {
      anchors.add(custom[1]!);
      continue;
    }
    const base = slugify(
      match[1]!
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/[`*_]/g, '')
        .trim(),
    );
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

export interface ExerciseNotes {
  /** The task, in prose: the notes before the explanation heading. */
  readonly task: string;
  /** Why the solution looks like it does, when the notes say. */
  readonly why?: string;
  /** The chapter section the exercise practises: the first link in the notes to a chapter page with an anchor. */
  readonly section?: { readonly page: string; readonly anchor: string };
}

export const notesFile = (id: string): string => path.join(docs, 'exercise-notes', `${id}.md`);

export function notesOf(exercise: Exercise): ExerciseNotes | undefined {
  const file = notesFile(exercise.id);
  if (!existsSync(file)) return undefined;
  const text = rewriteChapterLinks(readFileSync(file, 'utf8'));
  const [task, why] = text.split(/^## Why the solution looks like this\s*$/m);
  const link = /\]\(\/(chapters\/[^)#\s]+)#([^)\s]+)\)/.exec(task ?? '');
  const notes: ExerciseNotes = { task: (task ?? '').trim(), ...(why?.trim() ? { why: why.trim() } : {}) };
  return link ? { ...notes, section: { page: link[1]!, anchor: link[2]! } } : notes;
}

/**
 * A link to an anchor that moved to another part of a split chapter points at that part. Notes and pages written
 * against the one-page chapter keep working.
 */
export function rewriteChapterLinks(markdown: string): string {
  return markdown.replace(/\]\(\/(chapters\/[^)#\s]+)#([^)\s]+)\)/g, (whole, page: string, anchor: string) => {
    const moved = movedAnchor(page, anchor);
    return moved ? `](/${moved.page}#${moved.anchor})` : whole;
  });
}

/** Where an anchor of a split chapter's first page now lives, or undefined when it did not move. */
export function movedAnchor(page: string, anchor: string): { page: string; anchor: string } | undefined {
  const parts = chapterParts[page];
  if (!parts || anchorsOf(page).has(anchor)) return undefined;
  const redirect = oldAnchors[page]?.[anchor];
  if (redirect) return redirect;
  const part = parts.find((p) => anchorsOf(p.page).has(anchor));
  return part ? { page: part.page, anchor } : undefined;
}

/**
 * Anchors of the one-page chapters 6 and 8 whose name changed when the chapter was split (a repeated heading was
 * numbered `-1` on the old page). The theme redirects these, and any other anchor that now lives on the second part.
 */
export const oldAnchors: Readonly<Record<string, Readonly<Record<string, { page: string; anchor: string }>>>> = {
  'chapters/06-microservices': {
    'part-2-service-discovery': { page: 'chapters/06-service-discovery', anchor: 'when-a-registry-is-still-worth-it' },
    'what-the-guide-gets-wrong-1': { page: 'chapters/06-service-discovery', anchor: 'what-the-guide-gets-wrong' },
    'libraries-that-do-this-for-you-1': {
      page: 'chapters/06-service-discovery',
      anchor: 'libraries-that-do-this-for-you',
    },
    'exercises-for-part-2': { page: 'chapters/06-service-discovery', anchor: 'recap' },
  },
  'chapters/08-production': {
    deployment: { page: 'chapters/08-deployment', anchor: 'the-build-node-not-tsx-in-production' },
    'what-the-guide-gets-wrong-1': { page: 'chapters/08-deployment', anchor: 'what-the-guide-gets-wrong' },
  },
};

export interface Placement {
  /** The page (`chapters/06-service-discovery`) whose card announces the exercise. */
  readonly page: string;
  /** The heading whose section the card ends; undefined puts the card before the recap. */
  readonly anchor?: string;
}

/** Where an exercise's card goes: after the section its notes name, on the part of the chapter that holds it. */
export function placementOf(exercise: Exercise, chapter: Chapter): Placement {
  const pages = pagesOf(chapter).map((p) => p.page);
  const section = notesOf(exercise)?.section;
  if (section && pages.includes(section.page) && anchorsOf(section.page).has(section.anchor)) return section;
  return { page: chapter.page };
}

/** Every exercise with its chapter and placement, in manifest order. */
export function courseExercises(): { exercise: Exercise; chapter: Chapter; placement: Placement }[] {
  return chapters
    .filter((chapter) => chapter.page.startsWith('chapters/'))
    .flatMap((chapter) =>
      chapter.exercises.map((exercise) => ({ exercise, chapter, placement: placementOf(exercise, chapter) })),
    );
}

/** For the theme's redirect: old page -> anchor -> `page#anchor` where it lives now, for every split chapter. */
export function movedAnchorMap(): Record<string, Record<string, string>> {
  const map: Record<string, Record<string, string>> = {};
  for (const [first, parts] of Object.entries(chapterParts)) {
    const here = anchorsOf(first);
    const entries: Record<string, string> = {};
    for (const part of parts.slice(1)) {
      for (const anchor of anchorsOf(part.page)) if (!here.has(anchor)) entries[anchor] = `${part.page}#${anchor}`;
    }
    for (const [anchor, to] of Object.entries(oldAnchors[first] ?? {})) entries[anchor] = `${to.page}#${to.anchor}`;
    // An exercise whose card is on a later part: its old anchor leads to that card.
    for (const { exercise, placement } of courseExercises()) {
      const anchor = `exercise-${exerciseSlug(exercise.id)}`;
      if (placement.page !== first && parts.some((p) => p.page === placement.page))
        entries[anchor] = `${placement.page}#${anchor}`;
    }
    map[first] = entries;
  }
  return map;
}

export interface Card {
  readonly id: string;
  readonly title: string;
  readonly level: string;
  readonly minutes: number;
  readonly anchor?: string;
}

/** The exercise cards of one page (`chapters/01-design-patterns`), in manifest order. */
export function cardsOf(page: string): Card[] {
  return courseExercises()
    .filter(({ placement }) => placement.page === page)
    .map(({ exercise, placement }) => ({
      id: exercise.id,
      title: exercise.title,
      level: exercise.level,
      minutes: exercise.minutes,
      ...(placement.anchor ? { anchor: placement.anchor } : {}),
    }));
}

const payloadProblems = new Map<string, string | undefined>();

/**
 * Why an exercise that needs no service still cannot open in StackBlitz (its payload cannot be built), or undefined
 * when it can. The site then shows no button rather than one that fails, and the build says why.
 */
export function stackBlitzProblem(exercise: Exercise): string | undefined {
  if (!payloadProblems.has(exercise.id)) {
    let problem: string | undefined;
    try {
      buildPayload(exercise);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      problem = error.message;
    }
    payloadProblems.set(exercise.id, problem);
  }
  return payloadProblems.get(exercise.id);
}

/** The exercise opens in StackBlitz: it needs no service and its payload builds. */
export const opensInStackBlitz = (exercise: Exercise): boolean =>
  supportsStackBlitz(exercise) && !stackBlitzProblem(exercise);
