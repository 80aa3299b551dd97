/**
 * The workbook CLI: `npm run workbook -- <command> [id]`. `npm test` is `workbook test`.
 * One runner takes exercise ids, as Total TypeScript's does, instead of one npm script per exercise.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { chapterOf, chapters, exercises, findExercise, solutionPath, type Exercise } from './manifest/index.js';
import { fromRoot, root, stateDir } from './paths.js';
import { effortOf, formatProgress, hintCommand, nextExercise, statusOf } from './progress.js';
import { pristineStub } from './pristine-stub.js';
import { runVitest } from './run-vitest.js';
import { missingServices, needOf } from './services.js';
import { readState, updateState } from './state.js';
import { UsageError } from './usage-error.js';

const progressReporter = '--reporter=./workbook/progress-reporter.ts';
const reporterArgs = ['--reporter=default', progressReporter];
const interactive = (): boolean => Boolean(process.stdout.isTTY) && !process.env.CI;

function requireExercise(id: string | undefined, command: string): Exercise {
  if (!id)
    throw new UsageError(
      `\`${command}\` needs an exercise id, for example \`npm run workbook -- ${command} ${exercises[0]?.id ?? '01.1'}\`.`,
    );
  const exercise = findExercise(id);
  if (!exercise) {
    throw new UsageError(`Unknown exercise id "${id}". Valid ids: ${exercises.map((e) => e.id).join(', ')}.`);
  }
  return exercise;
}

/**
 * The exercises this machine cannot run (RabbitMQ, promtool... missing), recorded as waiting, and the vitest
 * arguments that leave their test files out: they count neither as solved nor as failing.
 */
async function leaveOutWaiting(list: readonly Exercise[]): Promise<{ exclude: string[]; report: string[] }> {
  const missing = await missingServices(list);
  if (!missing.size) return { exclude: [], report: [] };
  const at = new Date().toISOString();
  const report: string[] = [];
  updateState((state) => {
    for (const [id, services] of missing) {
      // A solution that passed when the service was there stays solved.
      if (state.results[id]?.outcome !== 'solved')
        state.results[id] = {
          outcome: 'waiting',
          waitingFor: services.map((s) => needOf(s).label),
          passed: 0,
          failed: 0,
          at,
        };
      report.push(
        ...services.map(
          (s) => `${id} needs ${needOf(s).label}, which this machine lacks: not run. To get it: ${needOf(s).fix}.`,
        ),
      );
    }
  });
  const exclude = list.filter((e) => missing.has(e.id)).flatMap((e) => ['--exclude', e.test]);
  return { exclude, report };
}

async function test(args: readonly string[]): Promise<number> {
  const once = args.includes('--run') || !interactive();
  const waiting = await leaveOutWaiting(exercises);
  const { code } = await runVitest({
    args: [once ? 'run' : 'watch', 'test/exercises', ...waiting.exclude, progressReporter],
  });
  for (const line of waiting.report) console.log(line);
  if (code === 0 && waiting.report.length)
    console.log('Every exercise that ran is solved; the ones above wait for a service and do not count as failing.');
  return code;
}

function status(): number {
  const state = readState();
  for (const chapter of chapters) {
    console.log(`\n${chapter.number} ${chapter.title}`);
    for (const exercise of chapter.exercises) {
      const result = state.results[exercise.id];
      const current = statusOf(exercise, state);
      const detail = result
        ? `  (${result.passed} passed, ${result.failed} failed, ${result.at.slice(0, 16).replace('T', ' ')})`
        : '';
      const changed =
        current === 'test changed'
          ? `\n         its test changed since you solved it: npm run workbook -- check ${exercise.id}`
          : '';
      const needs =
        current === 'waiting'
          ? exercise.services
              .filter((s) => result?.waitingFor?.includes(needOf(s).label))
              .map((s) => `\n         needs ${needOf(s).label}: ${needOf(s).fix}`)
              .join('')
          : '';
      const effort = `${exercise.level.padEnd(7)} ${String(exercise.minutes).padStart(3)} min`;
      console.log(
        `  ${exercise.id.padEnd(6)} ${current.padEnd(12)} ${effort}  ${exercise.title}${current === 'waiting' ? '' : detail}${changed}${needs}`,
      );
    }
  }
  console.log(formatProgress(state));
  return 0;
}

function next(): number {
  const exercise = nextExercise(readState());
  if (!exercise) {
    console.log('Every exercise is solved.');
    return 0;
  }
  const chapter = chapterOf(exercise);
  console.log(
    [
      `Next: ${exercise.id} ${exercise.title} (chapter ${chapter.number}, ${chapter.title})`,
      `  level  ${effortOf(exercise)}`,
      `  edit   ${exercise.stub}`,
      `  tests  ${exercise.test}`,
      `  check  npm run workbook -- check ${exercise.id}`,
      `  hint   ${hintCommand(exercise.id)}`,
      exercise.services.length ? `  needs  ${exercise.services.join(', ')} (see docs/guide/services.md)` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return 0;
}

function hint(id: string | undefined): number {
  const exercise = requireExercise(id, 'hint');
  const shown = readState().hintsShown[exercise.id] ?? 0;
  const count = Math.min(shown + 1, exercise.hints.length);
  updateState((s) => {
    s.hintsShown[exercise.id] = count;
  });
  console.log(`Hints for ${exercise.id} ${exercise.title} (${count} of ${exercise.hints.length}):`);
  exercise.hints.slice(0, count).forEach((text, index) => console.log(`  ${index + 1}. ${text}`));
  if (count < exercise.hints.length) console.log(`Run the command again for the next hint.`);
  else console.log(`That was the last hint. \`npm run workbook -- solution ${exercise.id}\` shows the answer.`);
  return 0;
}

async function check(id: string | undefined): Promise<number> {
  const exercise = requireExercise(id, 'check');
  const waiting = await leaveOutWaiting([exercise]);
  if (waiting.report.length) {
    for (const line of waiting.report) console.log(line);
    return 0;
  }
  const { code } = await runVitest({ args: ['run', exercise.test, ...reporterArgs] });
  console.log(
    code === 0 ? `${exercise.id} is solved.` : `${exercise.id} is not solved yet. Stuck? ${hintCommand(exercise.id)}`,
  );
  return code;
}

async function watch(id: string | undefined): Promise<number> {
  const exercise = id ? requireExercise(id, 'watch') : undefined;
  const waiting = await leaveOutWaiting(exercise ? [exercise] : exercises);
  for (const line of waiting.report) console.log(line);
  if (exercise && waiting.report.length) return 0;
  // Vitest's watcher (chokidar) follows files that editors save by writing a copy and renaming it over the original.
  const { code } = await runVitest({
    args: ['watch', exercise?.test ?? 'test/exercises', ...waiting.exclude, ...reporterArgs],
  });
  return code;
}

function diff(id: string | undefined): number {
  const exercise = requireExercise(id, 'diff');
  const mine = readFileSync(fromRoot(exercise.stub), 'utf8');
  const answer = readFileSync(fromRoot(solutionPath(exercise)), 'utf8');
  if (mine === answer) {
    console.log(`${exercise.stub} is identical to the solution.`);
    return 0;
  }
  const patch = createTwoFilesPatch(exercise.stub, solutionPath(exercise), mine, answer, 'yours', 'solution');
  const colour = process.stdout.isTTY && !process.env.NO_COLOR;
  for (const line of patch.split('\n')) {
    if (!colour) console.log(line);
    else if (line.startsWith('+') && !line.startsWith('+++')) console.log(`\x1b[32m${line}\x1b[0m`);
    else if (line.startsWith('-') && !line.startsWith('---')) console.log(`\x1b[31m${line}\x1b[0m`);
    else console.log(line);
  }
  return 0;
}

function reset(id: string | undefined): number {
  const exercise = requireExercise(id, 'reset');
  const stub = pristineStub(exercise);
  const file = fromRoot(exercise.stub);
  if (existsSync(file) && readFileSync(file, 'utf8') === stub) {
    console.log(`${exercise.stub} is already the untouched stub.`);
    return 0;
  }
  const backupDir = path.join(stateDir, 'backups');
  mkdirSync(backupDir, { recursive: true });
  const backup = path.join(
    backupDir,
    `${exercise.id}-${new Date().toISOString().replace(/[:.]/g, '-')}${path.extname(file)}`,
  );
  if (existsSync(file)) copyFileSync(file, backup);
  writeFileSync(file, stub);
  updateState((s) => {
    delete s.results[exercise.id];
  });
  console.log(`Restored the stub of ${exercise.id} in ${exercise.stub}.`);
  if (existsSync(backup)) console.log(`Your previous work is saved in ${path.relative(root, backup)}.`);
  return 0;
}

async function solution(id: string | undefined, args: readonly string[]): Promise<number> {
  const exercise = requireExercise(id, 'solution');
  if (!args.includes('--yes')) {
    if (!process.stdin.isTTY) {
      throw new UsageError(
        `Showing the solution needs confirmation: run \`npm run workbook -- solution ${exercise.id} --yes\`.`,
      );
    }
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(
      `Show the solution of ${exercise.id} ${exercise.title}? Trying one more hint first often teaches more. [y/N] `,
    );
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      console.log('Not shown.');
      return 0;
    }
  }
  console.log(`// ${solutionPath(exercise)}\n`);
  console.log(readFileSync(fromRoot(solutionPath(exercise)), 'utf8'));
  return 0;
}

const commands: Record<string, (id: string | undefined, rest: readonly string[]) => number | Promise<number>> = {
  test: (_id, rest) => test(rest),
  status: () => status(),
  next: () => next(),
  hint: (id) => hint(id),
  check: (id) => check(id),
  watch: (id) => watch(id),
  diff: (id) => diff(id),
  reset: (id) => reset(id),
  solution: (id, rest) => solution(id, rest),
};

const usage = `Usage: npm run workbook -- <command> [exercise id]

  status          solved, failing and not-run exercises per chapter (from the last test run)
  next            the next exercise to solve
  hint <id>       one more hint per call
  check <id>      run one exercise's tests
  watch [id]      re-run tests on save (one exercise, or all)
  diff <id>       your file against the solution
  reset <id>      restore the stub (your work is backed up first)
  solution <id>   show the solution (asks first; --yes skips the question)
  test            what \`npm test\` runs: every exercise test, then your progress`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 2;
  }
  const handler = commands[command];
  if (!handler)
    throw new UsageError(
      `Unknown command "${command}". Valid commands: ${Object.keys(commands).join(', ')}.\n\n${usage}`,
    );
  const id = rest.find((arg) => !arg.startsWith('--'));
  return handler(id, rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
