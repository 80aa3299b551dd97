import path from 'node:path';
import { defineConfig } from 'vitest/config';

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
 * `WORKBOOK_KNOWN_WRONG=test/known-wrong/NN-topic/MM-slug.<mistake>.ts` points the exercise's `#exercise/NN-topic/MM-slug`
 * import at that known-wrong answer, so its exercise test can prove it rejects it (verify runs every one).
 */
function knownWrongAlias(file: string | undefined): { find: RegExp; replacement: string }[] {
  if (!file) return [];
  const match = /(?:^|[\\/])known-wrong[\\/]([^\\/]+)[\\/]([^\\/.]+)\.[^\\/]+\.ts$/.exec(file);
  if (!match) throw new Error(`WORKBOOK_KNOWN_WRONG must name test/known-wrong/NN-topic/MM-slug.<mistake>.ts, not ${file}`);
  return [{ find: new RegExp(`^#exercise/${match[1]}/${match[2]}$`), replacement: path.resolve(file) }];
}
