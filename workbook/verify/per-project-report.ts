/**
 * A vitest reporter for runs where one test file runs in several projects at once (verify's known-wrong batches: the
 * same exercise test against several patched solutions). vitest's JSON reporter names a result by its file only, so
 * two projects' runs of one file could not be told apart; this one writes `{ [project]: VitestJsonReport }`.
 *
 * Used as `reporters: [[<this file>, { outputFile }]]` in a generated config (see known-wrong-batch.ts).
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import type { VitestFileResult, VitestJsonReport } from './vitest-report.js';

export type PerProjectReport = Record<string, VitestJsonReport>;

export default class PerProjectReporter implements Reporter {
  constructor(private readonly options: { readonly outputFile: string }) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const report: Record<string, { testResults: VitestFileResult[] }> = {};
    for (const module of testModules) {
      const project = module.project.name;
      (report[project] ??= { testResults: [] }).testResults.push(fileResult(module));
    }
    writeFileSync(this.options.outputFile, JSON.stringify(report));
  }
}

/** One file's results in the shape of vitest's JSON reporter, which the verify judges read. */
function fileResult(module: TestModule): VitestFileResult {
  const assertionResults = [...module.children.allTests()].map((test) => {
    const result = test.result();
    return {
      fullName: test.fullName,
      status: result.state === 'pending' ? ('pending' as const) : result.state,
      failureMessages: result.state === 'failed' ? result.errors.map((error) => error.stack ?? error.message) : null,
    };
  });
  const failed = module.state() === 'failed' || assertionResults.some((test) => test.status === 'failed');
  return {
    name: module.moduleId,
    status: failed ? 'failed' : 'passed',
    message: module.errors()[0]?.message ?? '',
    assertionResults,
  };
}
