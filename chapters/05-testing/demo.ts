/**
 * Chapter 5 demo: `npm run demo -- 05` (or `npx tsx chapters/05-testing/demo.ts`).
 * Starts the Chapter 3 app on loopback with MongoDB from the provider chain, seeds users over HTTP, runs a two-second
 * load gate (sign in, read, rotate, sign out), prints the verdict and where the report is, then closes everything.
 */
import { runLoadtestCli } from './loadtest-cli.js';

console.log('== Chapter 5: a two-second load gate against the Chapter 3 app\n');
const outcome = await runLoadtestCli(['--duration', '2', '--connections', '4', '--users', '8']);
if (outcome.report) {
  console.log(`\nOpen ${outcome.report.html} in a browser: verdict, thresholds, latency histogram, throughput line.`);
}
// The demo shows a verdict either way; only a run that could not start is an error here (`npm run loadtest` exits 1 on a breach).
console.log(
  `\ndone: the gate ${outcome.exitCode === 0 ? 'passed' : outcome.exitCode === 1 ? 'FAILED (npm run loadtest would exit 1)' : 'could not run'}; server and MongoDB closed, the process exits by itself`,
);
if (outcome.exitCode === 2) process.exitCode = 2;
