// Runs before every npm script, in plain JavaScript that any Node version can parse, so a learner on an old Node
// gets a clear sentence instead of a syntax error from a dependency.
import { existsSync } from 'node:fs';

const required = [20, 19];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < required[0] || (major === required[0] && minor < required[1])) {
  console.error(
    'This workbook needs Node.js ' +
      required.join('.') +
      ' or newer; this is Node.js ' +
      process.versions.node +
      '.\n' +
      'Install a current LTS release (https://nodejs.org, or `nvm install --lts`), then run `npm ci` again.',
  );
  process.exit(1);
}
if (!existsSync(new URL('../node_modules/vitest/package.json', import.meta.url))) {
  console.error('Dependencies are not installed. Run `npm ci` in the workbook folder first.');
  process.exit(1);
}
