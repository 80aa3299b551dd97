import { readFileSync } from 'node:fs';

// VitePress's own heading slug rule, used for the page anchors too (markdown.anchor.slugify), so the sidebar's topic
// links and the ids on the page are made by one function. The browser checks visit every one of these links.
// eslint-disable-next-line no-control-regex -- the slug drops control characters, as VitePress does
const rControl = /[\u0000-\u001f]/g;
const rSpecial = /[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g;
const rCombining = /[\u0300-\u036F]/g;

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(rCombining, '')
    .replace(rControl, '')
    .replace(rSpecial, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
}

export interface Heading {
  readonly text: string;
  readonly anchor: string;
}

/** The `##` headings of a markdown page (outside code fences), as the reader sees them and with their anchors. */
export function topicsOf(file: string): Heading[] {
  const headings: Heading[] = [];
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const match = !fenced && /^## (.+?)\s*$/.exec(line);
    if (!match) continue;
    const custom = /\s*\{#([^}]+)\}$/.exec(match[1]!);
    const raw = custom ? match[1]!.slice(0, custom.index) : match[1]!;
    const text = raw
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*_]/g, '')
      .trim();
    headings.push({ text, anchor: custom ? custom[1]! : slugify(text) });
  }
  return headings;
}
