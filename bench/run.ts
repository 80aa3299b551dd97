/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those whose name contains an argument), one after another, so
 * they do not compete for the two cores. Each prints its figures as ratios against a baseline measured in the same run.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const all = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();
const selected = filters.length ? all.filter((name) => filters.some((f) => name.includes(f))) : all;

if (all.length === 0) {
  console.log('No benchmarks yet: chapters add them to bench/ as <name>.bench.ts.');
} else if (selected.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ')}. Available: ${all.join(', ')}.`);
  process.exitCode = 2;
} else {
  for (const name of selected) {
    console.log(`\n=== ${name}`);
    const module = (await import(pathToFileURL(path.join(here, name)).href)) as { default: () => Promise<void> };
    await module.default();
  }
}
