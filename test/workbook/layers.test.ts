import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../workbook/paths.js';
import { checkLayers } from '../../workbook/verify/layers.js';
import { slowTimeout } from '../support/slow-tests.js';

/** A tiny workbook that breaks each rule once; checked with the workbook's own rules. */
describe('the layer rules (dependency-cruiser)', () => {
  let root: string;
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'layers-'));
    write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          allowImportingTsExtensions: true,
          noEmit: true,
        },
      }),
    );
    write('package.json', JSON.stringify({ type: 'module' }));
    write('chapters/01-basics/clock.ts', 'export const now = (): number => 0;\n');
    write('chapters/01-basics/early.ts', "import { later } from '../02-more/later.js';\nexport const early = later;\n");
    write('chapters/02-more/later.ts', "import { now } from '../01-basics/clock.js';\nexport const later = now;\n");
    write(
      'platform/stand-in.ts',
      "import { now } from '../chapters/01-basics/clock.js';\nexport const standIn = now;\n",
    );
    write('capstone/main.ts', "import { later } from '../chapters/02-more/later.js';\nexport const main = later;\n");
    write(
      'workbook/tool.ts',
      "import { main } from '../capstone/main.js';\nimport { helper } from '../test/support/helper.js';\nexport const tool = [main, helper];\n",
    );
    write('test/support/helper.ts', 'export const helper = 1;\n');
    write('chapters/02-more/ping.ts', "import { pong } from './pong.js';\nexport const ping = (): number => pong();\n");
    write('chapters/02-more/pong.ts', "import { ping } from './ping.js';\nexport const pong = (): number => ping();\n");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(
    'names each forbidden import with its rule, its file and what it imports',
    { timeout: slowTimeout(30_000) },
    async () => {
      const { violations, known } = await checkLayers(root, {
        config: fromRoot('.dependency-cruiser.mjs'),
        depcruise: fromRoot('node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      });
      expect(known).toBe(0);
      expect([...violations].sort()).toEqual(
        [
          'chapter-01-imports-only-earlier-chapters: chapters/01-basics/early.ts → chapters/02-more/later.ts',
          'platform-is-the-bottom: platform/stand-in.ts → chapters/01-basics/clock.ts',
          'only-tests-and-tools-import-the-capstone: workbook/tool.ts → capstone/main.ts',
          'only-tests-import-tests: workbook/tool.ts → test/support/helper.ts',
          // A cycle is reported once, from the module where the cruise met it first.
          'no-circular: chapters/02-more/ping.ts → chapters/02-more/pong.ts',
        ].sort(),
      );
    },
  );

  it('holds on the workbook itself, with no violation listed as known', { timeout: slowTimeout(40_000) }, async () => {
    const { violations, known } = await checkLayers(fromRoot());
    expect(violations).toEqual([]);
    expect(known).toBe(0);
  });
});
