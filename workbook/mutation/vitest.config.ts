import { defineConfig } from 'vitest/config';

// The vitest config Stryker runs: only the exercise test files being mutated (WORKBOOK_MUTATION_TESTS, set by
// workbook/mutation/run.ts), always against solutions/. With the project's config Stryker's dry run would run the
// whole suite. The MongoDB provider is chosen only when an exercise needs it: it costs seconds per run; the slowdown
// (test/support/slow-tests.ts) is always measured.
const tests = process.env.WORKBOOK_MUTATION_TESTS?.split(',').filter(Boolean) ?? [];
if (tests.length === 0)
  throw new Error('WORKBOOK_MUTATION_TESTS must name the exercise test files (npm run mutation sets it)');

export default defineConfig({
  ssr: { resolve: { conditions: ['solution', 'module', 'node', 'development|production'] } },
  test: {
    include: tests,
    globalSetup: [
      process.env.WORKBOOK_MUTATION_MONGO === '1' ? 'test/support/global-setup.ts' : 'test/support/slowdown-setup.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
