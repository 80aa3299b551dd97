import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../../workbook/paths.js';
import { checkDeadCode } from '../../workbook/verify/dead-code.js';
import { checkFormatting } from '../../workbook/verify/formatting.js';
import { slowTimeout } from '../support/slow-tests.js';

let root: string;
const write = (file: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'hygiene-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("verify's formatting item (Prettier, the workbook's own settings)", () => {
  beforeEach(() => {
    copyFileSync(fromRoot('.prettierrc.json'), path.join(root, '.prettierrc.json'));
    copyFileSync(fromRoot('.prettierignore'), path.join(root, '.prettierignore'));
  });

  it('names each misformatted file and passes the formatted ones', { timeout: slowTimeout(20_000) }, async () => {
    write('chapters/01-basics/tidy.ts', 'export const answer = { value: 42 };\n');
    write('chapters/01-basics/messy.ts', 'export const answer = {value:42}\n');
    write('docs/page.md', 'Markdown   is   left   alone.\n');
    const problems = await checkFormatting(root, { prettier: fromRoot('node_modules/prettier/bin/prettier.cjs') });
    expect(problems).toEqual([
      'chapters/01-basics/messy.ts: not formatted (npx prettier --write chapters/01-basics/messy.ts)',
    ]);
  });

  it('breaks lines at 120 columns, not 80', { timeout: slowTimeout(20_000) }, async () => {
    const long = `export const names = ['${'a'.repeat(25)}', '${'b'.repeat(25)}', '${'c'.repeat(25)}'];\n`;
    expect(long.length).toBeGreaterThan(100);
    expect(long.length).toBeLessThan(120);
    write('chapters/01-basics/long.ts', long);
    expect(await checkFormatting(root, { prettier: fromRoot('node_modules/prettier/bin/prettier.cjs') })).toEqual([]);
  });
});

describe("verify's dead-code item (knip)", () => {
  it(
    'names an unused file, an unused export, an unused dependency and an unlisted one',
    { timeout: slowTimeout(40_000) },
    async () => {
      write('package.json', JSON.stringify({ name: 'fixture', type: 'module', dependencies: { express: '5.0.0' } }));
      write('knip.json', JSON.stringify({ entry: ['main.ts'], project: ['**/*.ts'] }));
      write('main.ts', "import { used } from './helper.js';\nimport YAML from 'yaml';\nconsole.log(used, YAML);\n");
      write('helper.ts', 'export const used = 1;\nexport const forgotten = 2;\n');
      write('orphan.ts', 'export const alone = 3;\n');
      const problems = await checkDeadCode(root, { knip: fromRoot('node_modules/knip/bin/knip.js') });
      expect([...problems].sort()).toEqual(
        [
          'helper.ts:2: unused export forgotten',
          'orphan.ts: unused file',
          'package.json:1: unused dependency express',
          'main.ts:2: unlisted dependency yaml',
        ].sort(),
      );
    },
  );
});
