import type { Reporter, TestModule } from 'vitest/node';
import { exercises } from './manifest/index.js';
import { relativeToRoot } from './paths.js';
import { formatProgress, nextExercise, testFingerprint } from './progress.js';
import { updateState, type ExerciseResult } from './state.js';

/**
 * The learner's reporter: records each exercise's outcome in .workbook/state.json, then prints the progress summary
 * and the failures of the next exercise only, so a fresh clone shows one thing to do rather than every failing test.
 * `workbook check <id>` adds vitest's default reporter for the full detail of one exercise.
 */
export default class ProgressReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const results = new Map<string, ExerciseResult>();
    for (const module of testModules) {
      const exercise = exercises.find((e) => e.test === relativeToRoot(module.moduleId));
      if (!exercise) continue;
      let passed = 0;
      let failed = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
      }
      // A file that failed to load has no passing tests: it counts as failing, never as solved.
      const solved = passed > 0 && failed === 0 && module.errors().length === 0;
      results.set(exercise.id, {
        outcome: solved ? 'solved' : 'failing',
        passed,
        failed,
        at: new Date().toISOString(),
        test: testFingerprint(exercise),
      });
    }
    const state = updateState((s) => {
      for (const [id, result] of results) s.results[id] = result;
    });
    const next = nextExercise(state);
    const nextModule = next && testModules.find((m) => relativeToRoot(m.moduleId) === next.test);
    const failing: string[] = [];
    if (nextModule) {
      for (const error of nextModule.errors()) failing.push(`  x ${firstLine(error.message)}`);
      for (const test of nextModule.children.allTests()) {
        const result = test.result();
        if (result.state === 'failed')
          failing.push(`  x ${test.name}\n      ${firstLine(result.errors?.[0]?.message ?? '')}`);
      }
    }
    const detail = failing.length
      ? `\n\n${next!.id} ${next!.title}: ${failing.length} failing\n${failing.slice(0, 8).join('\n')}`
      : '';
    process.stdout.write(`${detail}\n${formatProgress(state)}\n\n`);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 160) ?? '';
}
