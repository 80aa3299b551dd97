/**
 * `npm run loadtest -- [options]` (or `npx tsx loadtest/run.ts`): the Chapter 5 load-test gate against the Chapter 3
 * app on loopback, or `--target` a running server. `--help` lists the options. The logic lives in
 * chapters/05-testing/loadtest-cli.ts, where it is tested.
 */
import { runLoadtestCli } from '../chapters/05-testing/loadtest-cli.js';

const { exitCode } = await runLoadtestCli(process.argv.slice(2));
process.exitCode = exitCode;
