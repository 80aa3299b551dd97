/**
 * Known-wrong answers: plausible near misses a learner might write, kept as patches against the solution
 * (`test/known-wrong/NN-topic/MM-slug.<mistake>.patch`: a paragraph saying what is wrong, then a unified diff), so
 * each stays a small, readable change and fails loudly when the solution moves under it.
 *
 * `WORKBOOK_KNOWN_WRONG=<patch> npx vitest run <exercise test>` runs one (vitest.config.ts applies it); verify runs all.
 * `npx tsx workbook/known-wrong.ts save <patch> <wrong.ts> "<what is wrong>"` writes a patch from a wrong copy of the
 * solution kept at `.known-wrong/NN-topic/MM-slug.<mistake>.ts` (the same depth as solutions/, so imports match).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPatch, createPatch } from 'diff';
import { CodedError } from '../platform/errors/coded-error.js';

/** Where applied known-wrong answers are written: git-ignored, two levels deep like solutions/. */
export const APPLIED_DIR = '.known-wrong';

export class KnownWrongError extends CodedError {
  readonly code = 'KNOWN_WRONG';
}

/** `test/known-wrong/02-architecture/01-display-name.only-rlo.patch` -> its chapter, module and mistake. */
export function parseKnownWrongPath(file: string): { chapter: string; module: string; mistake: string } {
  const match = /(?:^|[\\/])\.?known-wrong[\\/]([^\\/]+)[\\/]([^\\/.]+)\.([^\\/]+)\.(?:patch|ts)$/.exec(file);
  if (!match) throw new KnownWrongError(`${file} is not test/known-wrong/NN-topic/MM-slug.<mistake>.patch`);
  return { chapter: match[1]!, module: match[2]!, mistake: match[3]! };
}

export function solutionOf(file: string): string {
  const { chapter, module } = parseKnownWrongPath(file);
  return `solutions/${chapter}/${module}.ts`;
}

/** Applies a known-wrong patch to today's solution and writes the result under `.known-wrong/`; returns its path. */
export function applyKnownWrong(root: string, patchFile: string): string {
  const { chapter, module, mistake } = parseKnownWrongPath(patchFile);
  const solution = solutionOf(patchFile);
  const patched = applyPatch(
    readFileSync(path.join(root, solution), 'utf8'),
    readFileSync(path.resolve(root, patchFile), 'utf8'),
  );
  if (patched === false) {
    throw new KnownWrongError(
      `${patchFile} no longer applies to ${solution}: re-make it from a wrong copy of today's solution (see workbook/known-wrong.ts)`,
    );
  }
  const target = path.join(root, APPLIED_DIR, chapter, `${module}.${mistake}.ts`);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, patched);
  return target;
}

/** The patch text for a wrong copy of a solution: what is wrong, then the diff. */
export function knownWrongPatch(solution: string, original: string, wrong: string, why: string): string {
  const diff = createPatch(solution, original, wrong, '', '', { context: 3 })
    .split('\n')
    .filter((line) => !line.startsWith('Index: ') && !/^=+$/.test(line))
    .join('\n');
  return `${why.trim()}\n\n${diff}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [command, patchFile, wrongFile, why] = process.argv.slice(2);
  if (command !== 'save' || !patchFile || !wrongFile || !why) {
    console.error(
      'Usage: npx tsx workbook/known-wrong.ts save <test/known-wrong/NN-topic/MM-slug.mistake.patch> <wrong copy.ts> "<what is wrong>"',
    );
    process.exitCode = 2;
  } else {
    const solution = solutionOf(patchFile);
    writeFileSync(
      patchFile,
      knownWrongPatch(solution, readFileSync(solution, 'utf8'), readFileSync(wrongFile, 'utf8'), why),
    );
    console.log(`wrote ${patchFile}`);
  }
}
