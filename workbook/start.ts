/**
 * `npm start`. Until the capstone service exists, it says what the workbook offers and how to use it.
 */
import { chapters, exercises } from './manifest/index.js';

const lines = [
  'Advanced Node.js Workbook',
  '',
  `${chapters.length} chapter(s), ${exercises.length} exercise(s). Three ways to use it:`,
  '  read   npm run docs                  the docs site on http://localhost:5173',
  '  solve  npm test                      run the exercise tests and see your progress',
  '         npm run workbook -- next      the next exercise, with its file and test',
  '         npm run workbook -- hint <id> one more hint per call',
  '         npm run workbook -- check <id>',
  '  run    npm run demo -- <chapter>     a chapter\'s worked example, e.g. npm run demo -- 01',
  '',
  'The capstone service is not built yet; `npm start` will run it once it is.',
];
console.log(lines.join('\n'));
