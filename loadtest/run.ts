/**
 * `npm run loadtest -- [options]` (or `npx tsx loadtest/run.ts`): the Chapter 5 load-test gate. By default it starts
 * the capstone orders service on loopback and gates it with the default thresholds (capstone/loadtest/).
 * `--target chapter-03` gates the Chapter 3 app instead, and `--target <url>` a server that is already running.
 * `--help` lists the options. The logic lives in chapters/05-testing/loadtest-cli.ts and capstone/loadtest/, where
 * it is tested.
 */
import { parseArgs } from 'node:util';
import { runLoadtestCli } from '../chapters/05-testing/loadtest-cli.js';

const argv = process.argv.slice(2);
// Only --target is read here; each gate parses (and checks) the rest of its own options.
const { values, tokens } = parseArgs({
  args: argv,
  options: { target: { type: 'string' } },
  strict: false,
  tokens: true,
});
const target = typeof values.target === 'string' ? values.target : undefined;

if (target === undefined || target === 'capstone') {
  const { runCapstoneLoadtest } = await import('../capstone/loadtest/capstone-loadtest.js');
  process.exitCode = await runCapstoneLoadtest(argv);
} else if (target === 'chapter-03') {
  // The Chapter 5 CLI starts the Chapter 3 app itself when no --target is given.
  const targetTokens = new Set(
    tokens.flatMap((token) =>
      token.kind === 'option' && token.name === 'target'
        ? [token.index, ...(token.inlineValue ? [] : [token.index + 1])]
        : [],
    ),
  );
  const rest = argv.filter((_, index) => !targetTokens.has(index));
  process.exitCode = (await runLoadtestCli(rest)).exitCode;
} else {
  process.exitCode = (await runLoadtestCli(argv)).exitCode;
}
