import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import type { ImplementationRun } from './grade.js';

/**
 * Reporter of the grading run (grade.ts): one vitest project per implementation, so each module's project name says
 * which implementation the learner's tests ran against. Writes one ImplementationRun per project to
 * `WORKBOOK_TEST_WRITING_OUT`.
 */
export default class TestWritingReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const out = process.env.WORKBOOK_TEST_WRITING_OUT;
    if (!out) throw new Error('WORKBOOK_TEST_WRITING_OUT is not set');
    const runs: ImplementationRun[] = testModules.map((module) => {
      const tests = [...module.children.allTests()].map((test) => {
        const result = test.result();
        return { name: test.fullName, state: result.state, error: result.errors?.[0]?.message.split('\n')[0] };
      });
      return {
        implementation: module.project.name,
        loadErrors: module.errors().map((e) => e.message.split('\n')[0] ?? ''),
        tests,
      };
    });
    writeFileSync(out, JSON.stringify(runs, null, 2));
  }
}
