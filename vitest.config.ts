import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { applyKnownWrong, parseKnownWrongPath } from './workbook/known-wrong.js';

// The learner's run resolves `#exercise/*` to exercises/; `npm run verify` sets WORKBOOK_TARGET=solutions so the same
// test files run against solutions/ (package.json "imports" with a `solution` condition).
const conditions = process.env.WORKBOOK_TARGET === 'solutions' ? ['solution'] : [];

export default defineConfig({
  resolve: { alias: knownWrongAlias(process.env.WORKBOOK_KNOWN_WRONG) },
  ssr: { resolve: { conditions: [...conditions, 'module', 'node', 'development|production'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});

/**
 * `WORKBOOK_KNOWN_WRONG=test/known-wrong/NN-topic/MM-slug.<mistake>.patch` applies that known-wrong answer to the
 * solution (workbook/known-wrong.ts) and points the exercise's `#exercise/NN-topic/MM-slug` import at the result, so
 * the exercise test can prove it rejects it (verify runs every one). A `.ts` path (a wrong copy being written under
 * `.known-wrong/`) is used as it is.
 */
function knownWrongAlias(file: string | undefined): { find: RegExp; replacement: string }[] {
  if (!file) return [];
  const { chapter, module } = parseKnownWrongPath(file);
  const replacement = file.endsWith('.patch') ? applyKnownWrong(process.cwd(), file) : path.resolve(file);
  return [{ find: new RegExp(`^#exercise/${chapter}/${module}$`), replacement }];
}
