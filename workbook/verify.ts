/**
 * `npm run verify`: the project's test command. It proves the workbook: types, lint, manifest, every test against the
 * solutions, every exercise test against its untouched stub (each test must fail, with the stub's TodoError among
 * the failures), and the docs build. It ends with one line: `N passed, N failed[, N skipped]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chapters, exercises } from './manifest/index.js';
import { fromRoot, root } from './paths.js';
import { runVitest } from './run-vitest.js';
import { checkSite, findChromium, stackBlitzButtons } from './site-check/browser-check.js';
import { checkMutationGate } from './mutation/gate.js';
import { equivalentMutants } from './mutation/equivalent-mutants.js';
import { checkDeadCode } from './verify/dead-code.js';
import { checkFormatting } from './verify/formatting.js';
import { findKnownWrong } from './verify/known-wrong.js';
import { judgeKnownWrongBatch } from './verify/known-wrong-batch.js';
import { checkLayers } from './verify/layers.js';
import { checkCourseShape, checkManifest } from './verify/manifest-check.js';
import { checkStubRun } from './verify/stub-check.js';
import { countTests, type TestCounts, type VitestJsonReport } from './verify/vitest-report.js';

const totals: TestCounts = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function item(name: string, ok: boolean, detail: readonly string[] = []): void {
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(name);
  }
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  for (const line of detail) console.log(`       ${line}`);
}

interface CommandResult {
  readonly code: number;
  readonly output: string;
}

/** Runs a Node script from node_modules without a shell; output is kept and shown only when it failed. */
function runNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  const child = spawn(process.execPath, [fromRoot(script), ...args], { cwd: root, env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  console.log(`\n== ${label}`);
  const result = await work();
  console.log(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

function tail(output: string, lines = 40): string[] {
  return output.trimEnd().split('\n').slice(-lines);
}

async function main(): Promise<void> {
  const reports = mkdtempSync(path.join(tmpdir(), 'workbook-verify-'));
  try {
    await timed('manifest', async () => {
      const problems = checkManifest(root, chapters);
      item(`manifest check (${exercises.length} exercises)`, problems.length === 0, problems);
      const shape = checkCourseShape(chapters);
      item(
        'course shape (72 exercises or more, 9 a chapter, two warm-ups first, a stretch)',
        shape.length === 0,
        shape,
      );
    });

    await timed('typecheck and lint', async () => {
      const tsc = 'node_modules/typescript/bin/tsc';
      const [exercisesView, solutionsView, lint, unformatted, deadCode] = await Promise.all([
        runNode(tsc, ['-p', 'tsconfig.json']),
        runNode(tsc, ['-p', 'tsconfig.json', '--customConditions', 'solution']),
        runNode('node_modules/eslint/bin/eslint.js', ['.', '--max-warnings', '0']),
        checkFormatting(root),
        checkDeadCode(root),
      ]);
      const typeErrors = [exercisesView, solutionsView].filter((r) => r.code !== 0);
      const layers = await checkLayers(root);
      const known = layers.known ? `; ${layers.known} known violations still to remove` : '';
      item(`layer rules (dependency-cruiser${known})`, layers.violations.length === 0, layers.violations);
      item('typecheck (tests against exercises/ and against solutions/)', typeErrors.length === 0, [
        ...new Set(typeErrors.flatMap((r) => tail(r.output))),
      ]);
      item('lint', lint.code === 0, lint.code === 0 ? [] : tail(lint.output));
      item('formatting (Prettier)', unformatted.length === 0, unformatted);
      item('dead code (knip: unused files, exports, dependencies)', deadCode.length === 0, deadCode);
    });

    await timed('tests against solutions/ (exercises, chapters, platform, capstone)', async () => {
      const file = path.join(reports, 'solutions.json');
      await runVitest({
        args: ['run', '--maxWorkers=2', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`],
        solutions: true,
      });
      const counts = countTests(readReport(file));
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      totals.skipped += counts.skipped;
      if (counts.failed) failures.push(`${counts.failed} test(s) against solutions/`);
      console.log(`   ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    });

    await timed('exercise tests against the untouched stubs (every test must fail with its TodoError)', async () => {
      const file = path.join(reports, 'stubs.json');
      const run = await runVitest({
        args: ['run', 'test/exercises', '--maxWorkers=2', '--reporter=json', `--outputFile.json=${file}`],
        output: 'ignore',
      });
      const report = readReport(file, run.stderr);
      for (const check of checkStubRun(report, exercises, root)) {
        item(
          `stub ${check.exercise.id} fails as it should (${check.exercise.stub})`,
          check.problems.length === 0,
          check.problems,
        );
      }
    });

    await timed(
      'known-wrong answers (each must fail its exercise test, and pass at least one of its tests)',
      async () => {
        // All of them in one vitest process, a project per patch: a process per patch spent most of its time starting.
        const all = findKnownWrong(root, exercises);
        const judged = await judgeKnownWrongBatch(all, reports, 'known-wrong');
        for (const knownWrong of all) {
          const problems = judged.get(knownWrong.file) ?? [`${knownWrong.file} was not judged`];
          item(`known-wrong ${knownWrong.file} is rejected`, problems.length === 0, problems);
        }
      },
    );

    await timed(
      'mutation gate (committed Stryker results match the files, 90% per exercise, survivors listed)',
      async () => {
        const problems = checkMutationGate(root, exercises, equivalentMutants);
        item('mutation gate', problems.length === 0, problems);
      },
    );

    const built = await timed('docs build', async () => {
      const started = performance.now();
      const build = await runNode('node_modules/vitepress/bin/vitepress.js', ['build', 'docs']);
      item('docs build', build.code === 0, build.code === 0 ? [] : tail(build.output));
      if (build.code === 0) console.log(`   budget: site build ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return build.code === 0;
    });

    await timed(
      'docs in a real browser (every page: h1, console, links, snippets, StackBlitz, accessibility)',
      async () => {
        const chromiumPath = findChromium();
        if (!chromiumPath) {
          if (process.env.WORKBOOK_REQUIRE_BROWSER === '1') {
            item('browser checks', false, [
              "WORKBOOK_REQUIRE_BROWSER=1 but no Chromium was found (install Debian's chromium or set CHROMIUM_PATH)",
            ]);
          } else {
            totals.skipped += 1;
            console.log('skip browser checks: no Chromium found (install chromium or set CHROMIUM_PATH to run them)');
          }
          return;
        }
        if (!built) {
          item('browser checks', false, ['the docs did not build, so no page could be checked']);
          return;
        }
        // Each exercise that can run in StackBlitz has its button on its own page.
        const stackblitz = stackBlitzButtons(exercises);
        const firstChapter = chapters.find((c) => c.page.startsWith('chapters/'));
        const reports = await checkSite({
          dist: fromRoot('docs/.vitepress/dist'),
          chromiumPath,
          stackblitz,
          screenshots: {
            dir: fromRoot('artifacts/screenshots'),
            pages: ['/', ...(firstChapter ? [`/${firstChapter.page}`] : [])],
          },
        });
        for (const report of reports) item(`page ${report.page}`, report.problems.length === 0, report.problems);
        const largest = [...reports].sort((a, b) => b.bytes.js + b.bytes.html - (a.bytes.js + a.bytes.html))[0];
        if (largest) {
          console.log(
            `   budget: largest page ${largest.page}: ${(largest.bytes.js / 1024).toFixed(0)} KiB JavaScript, ${(largest.bytes.html / 1024).toFixed(0)} KiB HTML`,
          );
        }
        const chapterReport = reports.find((r) => firstChapter && r.page === `/${firstChapter.page}`);
        if (chapterReport?.fcpMs !== undefined)
          console.log(
            `   budget: first contentful paint of ${chapterReport.page}: ${chapterReport.fcpMs.toFixed(0)} ms (the site's scripts already in the browser's cache)`,
          );
        console.log(`   screenshots in artifacts/screenshots/`);
      },
    );
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }

  if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
  process.exitCode = totals.failed === 0 ? 0 : 1;
}

function readReport(file: string, stderr = ''): VitestJsonReport {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VitestJsonReport;
  } catch (error) {
    throw new Error(`vitest wrote no readable report to ${file}; it said:\n${stderr}`, { cause: error });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  console.log('\n0 passed, 1 failed');
  process.exitCode = 1;
});
