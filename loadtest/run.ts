/**
 * `npm run loadtest -- [options]` (or `npx tsx loadtest/run.ts`): the Chapter 5 load-test gate against the Chapter 3
 * app on loopback, or `--target` a running server. `--target capstone` starts the orders service on loopback and
 * gates it instead (capstone/loadtest/). `--help` lists the options. The logic lives in
 * chapters/05-testing/loadtest-cli.ts, where it is tested.
 */
import { runLoadtestCli } from '../chapters/05-testing/loadtest-cli.js';

const argv = process.argv.slice(2);
const capstone = argv.some((arg, i) => arg === '--target=capstone' || (arg === '--target' && argv[i + 1] === 'capstone'));
if (capstone) {
  const { runCapstoneLoadtest } = await import('../capstone/loadtest/capstone-loadtest.js');
  process.exitCode = await runCapstoneLoadtest(argv);
} else {
  const { exitCode } = await runLoadtestCli(argv);
  process.exitCode = exitCode;
}
