import type { Reporter, TestModule } from 'vitest/node';
import { exercises } from './manifest/index.js';
import { relativeToRoot } from './paths.js';
import { formatProgress } from './progress.js';
import { updateState, type ExerciseResult } from './state.js';

/**
 * A vitest reporter for the learner's runs: records each exercise's outcome in .workbook/state.json and prints the
 * progress summary after every run, in watch mode too.
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
      results.set(exercise.id, { outcome: solved ? 'solved' : 'failing', passed, failed, at: new Date().toISOString() });
    }
    const state = updateState((s) => {
      for (const [id, result] of results) s.results[id] = result;
    });
    process.stdout.write(formatProgress(state) + '\n\n');
  }
}
