/** The parts of vitest's JSON reporter output that verify reads. */
export interface VitestJsonReport {
  readonly testResults: readonly VitestFileResult[];
}

export interface VitestFileResult {
  /** Absolute path of the test file. */
  readonly name: string;
  readonly status: string;
  /** Set when the file failed as a whole (for example, an import threw). */
  readonly message: string;
  readonly assertionResults: readonly VitestTestResult[];
}

export interface VitestTestResult {
  readonly fullName: string;
  readonly status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo' | 'disabled';
  readonly failureMessages: readonly string[] | null;
}

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export function countTests(report: VitestJsonReport): TestCounts {
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of report.testResults) {
    // A file that could not even load counts as one failure, so it can never vanish from the total.
    if (file.assertionResults.length === 0 && file.status === 'failed') counts.failed += 1;
    for (const test of file.assertionResults) {
      if (test.status === 'passed') counts.passed += 1;
      else if (test.status === 'failed') counts.failed += 1;
      else counts.skipped += 1;
    }
  }
  return counts;
}
