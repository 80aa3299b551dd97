import { defineConfig } from 'vitest/config';

// The learner's run resolves `#exercise/*` to exercises/; `npm run verify` sets WORKBOOK_TARGET=solutions so the same
// test files run against solutions/ (package.json "imports" with a `solution` condition).
const conditions = process.env.WORKBOOK_TARGET === 'solutions' ? ['solution'] : [];

export default defineConfig({
  ssr: { resolve: { conditions: [...conditions, 'module', 'node', 'development|production'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
