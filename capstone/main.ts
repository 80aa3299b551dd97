/**
 * `npm start`: the orders service. Parses the options and the configuration, then runs both services in this
 * process (no AMQP_URL), supervises them as two processes (AMQP_URL set), or runs one role (`--api-only`,
 * `--worker-only`). A configuration or usage error prints one clear message and sets exit code 1.
 */
import { CliUsageError, parseCliOptions, USAGE } from './cli-options.js';
import { ConfigError, loadConfig } from './config.js';
import { runInProcess, runRole, runSupervisor } from './runtime/launch.js';

async function main(): Promise<void> {
  let cli;
  let config;
  try {
    cli = parseCliOptions(process.argv.slice(2));
    if (cli.help) {
      console.log(USAGE);
      return;
    }
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof ConfigError) {
      console.error(`${error.message}\n\nRun \`npm start -- --help\` for the options.`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  if (cli.role !== 'all') return runRole(config, cli, cli.role);
  // The in-memory broker cannot cross processes, so separate processes need RabbitMQ.
  return config.AMQP_URL ? runSupervisor(config, cli) : runInProcess(config, cli);
}

await main();
