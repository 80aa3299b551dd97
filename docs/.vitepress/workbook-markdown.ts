import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MarkdownRenderer } from 'vitepress';
import type { Exercise } from '../../workbook/manifest/index.js';
import { supportsStackBlitz } from '../../workbook/stackblitz/payload.js';

interface SnippetToken {
  src?: [string, string];
  content: string;
}

/**
 * Markdown rules that keep pages honest:
 * - a snippet import (`<<< @/../chapters/...`) of a missing file or region fails the build, and an empty one too
 *   (VitePress would otherwise show the whole file for an unknown region);
 * - snippet blocks carry `data-snippet` so the browser checks can find and inspect them;
 * - every exercise heading (`{#exercise-NN-M}`) is followed by its level and minutes from the manifest, and gets an
 *   "Open in StackBlitz" button when it needs no service;
 * - a chapter page gets a card for each exercise after the section it practises (`cardsOf`, from the exercise notes).
 */
export function workbookMarkdown(
  md: MarkdownRenderer,
  exercises: readonly Exercise[],
  repositoryRoot: string,
  cardsOf: (page: string) => readonly ExerciseCardData[] = () => [],
): void {
  md.core.ruler.push('workbook-exercise-cards', (state) => placeCards(state, cardsOf(pageOf(state.env))));

  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env: { relativePath?: string }, self) => {
    const token = tokens[idx] as unknown as SnippetToken;
    if (!token.src) return fence(tokens, idx, options, env, self);
    const [file, region] = token.src;
    const page = env.relativePath ?? 'a page';
    const shown = path.relative(repositoryRoot, file);
    if (!existsSync(file)) throw new Error(`${page}: snippet import of ${shown}, which does not exist`);
    if (region && !new RegExp(`#region ${escape(region)}\\b`).test(readFileSync(file, 'utf8'))) {
      throw new Error(`${page}: snippet import of region "${region}" in ${shown}, which has no such region`);
    }
    const html = fence(tokens, idx, options, env, self);
    if (!token.content.trim())
      throw new Error(`${page}: snippet import of ${shown}${region ? `#${region}` : ''} is empty`);
    return html.replace(
      /^<div /,
      `<div data-snippet="${shown.split(path.sep).join('/')}${region ? `#${region}` : ''}" `,
    );
  };

  const headingClose =
    md.renderer.rules.heading_close ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.heading_close = (tokens, idx, options, env, self) => {
    const html = headingClose(tokens, idx, options, env, self);
    const id = tokens[idx - 2]?.attrGet('id');
    const match = id ? /^exercise-(\d{2})-(\d+)$/.exec(id) : null;
    const exercise = match && exercises.find((e) => e.id === `${match[1]}.${match[2]}`);
    if (!exercise) return html;
    const effort = `<p class="exercise-effort"><span class="exercise-level">${exercise.level}</span> about ${exercise.minutes} minutes</p>\n`;
    if (!supportsStackBlitz(exercise)) return `${html}${effort}`;
    return `${html}${effort}<OpenInStackBlitz exercise="${exercise.id}" file="${exercise.stub}" />\n`;
  };
}

/** An exercise announced on a chapter page: the card goes after the section with this anchor, or before the recap. */
export interface ExerciseCardData {
  readonly id: string;
  readonly title: string;
  readonly level: string;
  readonly minutes: number;
  readonly anchor?: string;
}

type CoreState = Parameters<Parameters<MarkdownRenderer['core']['ruler']['push']>[1]>[0];

const pageOf = (env: { relativePath?: string } | undefined): string => (env?.relativePath ?? '').replace(/\.md$/, '');

/**
 * Puts each exercise's card (`<ExerciseCard>`) at the end of the section it practises: before the next heading of the
 * same or a higher level. Runs after the anchors are assigned, so the sections are found by the ids the page shows.
 */
function placeCards(state: CoreState, cards: readonly ExerciseCardData[]): void {
  if (!cards.length) return;
  const tokens = state.tokens;
  const headings = tokens.flatMap((token, index) =>
    token.type === 'heading_open' && token.level === 0
      ? [{ index, depth: Number(token.tag.slice(1)), id: token.attrGet('id') }]
      : [],
  );
  const recap = headings.find((heading) => heading.id === 'recap')?.index ?? tokens.length;
  const positions = cards.map((card) => {
    const at = headings.findIndex((heading) => heading.id === card.anchor);
    if (at < 0) return { card, index: recap };
    const next = headings.slice(at + 1).find((heading) => heading.depth <= headings[at]!.depth);
    return { card, index: next?.index ?? tokens.length };
  });
  for (const { card, index } of [...positions].reverse().sort((a, b) => b.index - a.index)) {
    const token = new state.Token('html_block', '', 0);
    token.content = `<ExerciseCard id="${card.id}" title="${attribute(card.title)}" level="${card.level}" :minutes="${card.minutes}" />\n`;
    token.block = true;
    tokens.splice(index, 0, token);
  }
}

function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
