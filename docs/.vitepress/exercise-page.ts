import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { solutionPath, type Chapter, type Exercise } from '../../workbook/manifest/index.js';
import { exerciseSlug, notesOf, opensInStackBlitz, pageLabel, repositoryRoot, type Placement } from './course.js';

/** A known-wrong answer of an exercise: a patch against its solution that its test must reject. */
export interface KnownWrongAnswer {
  readonly name: string;
  readonly explanation: string;
  readonly diff: string;
}

const stubName = (exercise: Exercise): string => path.basename(exercise.stub, '.ts');

/** test/known-wrong/NN-topic/MM-slug.<mistake>.patch: an explanation paragraph, then the diff. */
export function knownWrongAnswers(exercise: Exercise, chapter: Chapter): KnownWrongAnswer[] {
  const dir = path.join(repositoryRoot, 'test/known-wrong', chapter.slug);
  if (!existsSync(dir)) return [];
  const prefix = `${stubName(exercise)}.`;
  return readdirSync(dir)
    .filter((file) => file.startsWith(prefix) && file.endsWith('.patch'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const start = text.search(/^(diff --git |--- )/m);
      return {
        name: file.slice(prefix.length, -'.patch'.length),
        explanation: (start < 0 ? '' : text.slice(0, start)).trim(),
        diff: (start < 0 ? text : text.slice(start)).trimEnd(),
      };
    });
}

/** For an exercise where the learner writes the tests: the module under test, and what each wrong version gets wrong. */
export function wrongImplementations(exercise: Exercise): {
  subject?: string;
  wrong: { file: string; summary: string }[];
} {
  const candidates = [
    exercise.test.replace(/\.test\.ts$/, ''),
    path.posix.join(path.posix.dirname(exercise.test), stubName(exercise)),
  ];
  const dir = candidates.find((candidate) => existsSync(path.join(repositoryRoot, candidate, 'subject.ts')));
  if (!dir) return { wrong: [] };
  const wrongDir = path.join(repositoryRoot, dir, 'wrong');
  const wrong = existsSync(wrongDir)
    ? readdirSync(wrongDir)
        .filter((file) => file.endsWith('.ts'))
        .sort()
        .map((file) => ({
          file: `${dir}/wrong/${file}`,
          summary: firstDocSentence(readFileSync(path.join(wrongDir, file), 'utf8')),
        }))
    : [];
  return { subject: `${dir}/subject.ts`, wrong };
}

function firstDocSentence(source: string): string {
  const comment = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  const text = comment
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return /^(.*?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
}

/**
 * Prose from outside the docs (hints, patch explanations) made safe for a VitePress page: outside code spans, `<`
 * is not HTML and `{{` is not a Vue interpolation.
 */
export function prose(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) =>
      index % 2 ? part.replace(/\{\{/g, '{&#123;') : part.replace(/</g, '&lt;').replace(/\{\{/g, '&#123;&#123;'),
    )
    .join('');
}

/**
 * A snippet import of a repository file, or a line saying it is not there yet: an exercise being written may be in the
 * manifest before its files, and the site must still build.
 */
const snippet = (file: string): string =>
  existsSync(path.join(repositoryRoot, file)) ? `<<< @/../${file}` : `*\`${file}\` is not in the repository yet.*`;

/** The explanation as a sentence: `checks Origin only...` -> `Checks Origin only...`. */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A fence long enough for text that may hold fences itself. */
const fence = (text: string): string =>
  '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));

/** The markdown of one exercise's page. */
export function exercisePageMarkdown(exercise: Exercise, chapter: Chapter, placement: Placement): string {
  const notes = notesOf(exercise);
  const id = exercise.id;
  const services = exercise.services.length ? `needs ${exercise.services.join(', ')}` : 'needs no service';
  const writesTests = exercise.grading === 'wrong-implementations';
  const lines: string[] = [
    `# ${id} ${prose(exercise.title)}`,
    '',
    `<p class="exercise-effort"><span class="exercise-level">${exercise.level}</span> about ${exercise.minutes} minutes, ${services}</p>`,
    '',
    `From [Chapter ${prose(pageLabel(chapter, placement.page))}](/${placement.page}#exercise-${exerciseSlug(id)}), after the section it practises.`,
    '',
  ];
  if (opensInStackBlitz(exercise)) lines.push(`<OpenInStackBlitz exercise="${id}" file="${exercise.stub}" />`, '');
  else if (writesTests)
    lines.push('Run this one locally: its grader runs your tests against the module and each wrong version.', '');

  lines.push(
    '## The task',
    '',
    notes?.task ?? `The notes for ${id} are not written yet: read the stub's comments below.`,
    '',
  );

  lines.push(
    writesTests ? '## What you write' : '## The stub and its contract',
    '',
    writesTests
      ? `You write the tests, in \`${exercise.stub}\`. They must pass against the correct module and fail against each wrong one.`
      : `Edit \`${exercise.stub}\`. Its comments are the contract; its \`TODO\` marks where you work.`,
    '',
    snippet(exercise.stub),
    '',
  );

  lines.push(
    '## Run it',
    '',
    '```sh',
    `npm run workbook -- check ${id}   # run this exercise's tests once`,
    `npm run workbook -- watch ${id}   # re-run them on every save`,
    `npm run workbook -- hint ${id}    # one more hint per call`,
    `npm run workbook -- diff ${id}    # your file against the solution`,
    '```',
    '',
  );

  if (exercise.hints.length) {
    lines.push(
      '## Hints',
      '',
      'From gentle to explicit: open one, try again, and open the next only if you are stuck.',
      '',
    );
    lines.push(`<HintLadder :count="${exercise.hints.length}">`);
    exercise.hints.forEach((hint, index) =>
      lines.push(`<template v-slot:hint-${index + 1}>`, '', prose(hint), '', '</template>'),
    );
    lines.push('</HintLadder>', '');
  }

  lines.push(
    '## The test',
    '',
    `::: details Show the test file (${exercise.test})`,
    '',
    snippet(exercise.test),
    '',
    ':::',
    '',
  );

  lines.push('## The solution', '', 'Try the exercise first: the explanation below gives the answer away.', '');
  lines.push('<RevealSolution>', '');
  if (writesTests) {
    const { subject, wrong } = wrongImplementations(exercise);
    lines.push(`**The solution's tests** (\`${solutionPath(exercise)}\`):`, '', snippet(solutionPath(exercise)), '');
    if (subject) lines.push(`**The module they test** (\`${subject}\`):`, '', snippet(subject), '');
    if (notes?.why) lines.push('**Why the solution looks like this.**', '', notes.why, '');
    if (wrong.length) {
      lines.push('**Common wrong answers.** Good tests fail against each of these wrong implementations:', '');
      for (const w of wrong) lines.push(`- \`${path.posix.basename(w.file, '.ts')}\`: ${prose(w.summary)}`);
      lines.push('');
    }
  } else {
    lines.push(`\`${solutionPath(exercise)}\`:`, '', snippet(solutionPath(exercise)), '');
    if (notes?.why) lines.push('**Why the solution looks like this.**', '', notes.why, '');
    const wrong = knownWrongAnswers(exercise, chapter);
    if (wrong.length) {
      lines.push('**Common wrong answers.** Each is a small change to the solution that the test rejects:', '');
      for (const w of wrong) {
        const diffFence = fence(w.diff);
        lines.push(
          `::: details ${w.name.replace(/-/g, ' ')}`,
          '',
          prose(sentence(w.explanation.replace(/^Known wrong:\s*/, ''))),
          '',
        );
        lines.push(`${diffFence}diff`, w.diff, diffFence, '', ':::', '');
      }
    }
  }
  lines.push('</RevealSolution>', '');
  return lines.join('\n');
}
