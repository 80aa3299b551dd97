/** `npm run demo -- NN`: runs chapters/NN-topic/demo.ts. */
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { fromRoot } from './paths.js';

const withDemo = readdirSync(fromRoot('chapters')).filter((dir) => existsSync(fromRoot('chapters', dir, 'demo.ts')));
const wanted = process.argv[2];
const chapter = withDemo.find(
  (dir) => wanted !== undefined && (dir === wanted || dir.startsWith(`${wanted.padStart(2, '0')}-`)),
);

if (!chapter) {
  console.error(
    `${wanted ? `No demo for "${wanted}".` : 'Which chapter?'} Chapters with a demo: ${withDemo.join(', ') || 'none yet'}.\n` +
      'Usage: npm run demo -- 01',
  );
  process.exitCode = 2;
} else {
  await import(pathToFileURL(fromRoot('chapters', chapter, 'demo.ts')).href);
}
