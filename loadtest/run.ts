/**
 * `npm run loadtest -- [options]` (or `npx tsx loadtest/run.ts`): the Chapter 5 load-test gate. By default it starts
 * the capstone orders service on loopback and gates it with the default thresholds (capstone/loadtest/).
 * `--target chapter-03` gates the Chapter 3 app instead, and `--target <url>` a server that is already running.
 * `--help` lists the options. The logic lives in chapters/05-testing/loadtest-cli.ts and capstone/loadtest/, where
 * it is tested.
 */
import { runLoadtestCli } from '../chapters/05-testing/loadtest-cli.js';

const argv = process.argv.slice(2);
const at = argv.findIndex((arg) => arg === '--target' || arg.startsWith('--target='));
const target = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];

if (target === undefined || target === 'capstone') {
  const { runCapstoneLoadtest } = await import('../capstone/loadtest/capstone-loadtest.js');
  process.exitCode = await runCapstoneLoadtest(argv);
} else if (target === 'chapter-03') {
  // The Chapter 5 CLI starts the Chapter 3 app itself when no --target is given.
  const rest = argv.filter((_, i) => i !== at && !(i === at + 1 && !argv[at]!.includes('=')));
  process.exitCode = (await runLoadtestCli(rest)).exitCode;
} else {
  process.exitCode = (await runLoadtestCli(argv)).exitCode;
}
