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
 *   "Open in StackBlitz" button when it needs no service.
 */
export function workbookMarkdown(md: MarkdownRenderer, exercises: readonly Exercise[], repositoryRoot: string): void {
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
    if (!token.content.trim()) throw new Error(`${page}: snippet import of ${shown}${region ? `#${region}` : ''} is empty`);
    return html.replace(/^<div /, `<div data-snippet="${shown.split(path.sep).join('/')}${region ? `#${region}` : ''}" `);
  };

  const headingClose = md.renderer.rules.heading_close ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
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

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
