/**
 * `npm start`: the orders service. Parses the options and the configuration, then runs both services in this
 * process (no AMQP_URL), supervises them as two processes (AMQP_URL set), or runs one role (`--api-only`,
 * `--worker-only`). `--mine 03,04` first loads and checks the learner's exercise code for the capstone's ports.
 * A configuration or usage error, or an unsolved exercise, prints one clear message and sets exit code 1.
 */
import { CliUsageError, parseCliOptions, USAGE } from './cli-options.js';
import { ConfigError, loadConfig } from './config.js';
import { mineExercises, MineUsageError } from './mine/mine-chapters.js';
import { describeSwapped, loadLearnerPorts, MineNotReadyError, type LearnerPorts } from './mine/learner-ports.js';
import { runInProcess, runRole, runSupervisor } from './runtime/launch.js';

async function main(): Promise<void> {
  let cli;
  let config;
  let mine: LearnerPorts | undefined;
  try {
    cli = parseCliOptions(process.argv.slice(2));
    if (cli.help) {
      console.log(USAGE);
      return;
    }
    config = loadConfig(process.env);
    if (cli.mine !== undefined) {
      // Before anything opens: a stub that still throws its TodoError stops here, naming the exercise.
      mine = await loadLearnerPorts(mineExercises(cli.mine), { invoiceThreads: config.INVOICE_WORKER_THREADS });
      if (!process.send) console.log(describeSwapped(mine.swapped));
    }
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof ConfigError || error instanceof MineUsageError) {
      console.error(`${error.message}\n\nRun \`npm start -- --help\` for the options.`);
      process.exitCode = 1;
      return;
    }
    if (error instanceof MineNotReadyError) {
      console.error(`The orders service did not start.\n${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  if (cli.role !== 'all') return runRole(config, cli, cli.role, mine);
  // The in-memory broker cannot cross processes, so separate processes need RabbitMQ.
  return config.AMQP_URL ? runSupervisor(config, cli) : runInProcess(config, cli, mine);
}

await main();
