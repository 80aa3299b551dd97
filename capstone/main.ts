/**
 * The production entry (`node dist/capstone/main.js`, what the image runs): reads the options and the environment,
 * and runs the api, the worker, or both, on the real MongoDB, Redis and RabbitMQ the environment names (and etcd when
 * ETCD_URL is set). It never starts a stand-in and seeds no demo data: without a required URL it prints one line and
 * sets exit code 1. The workbook's `npm start` (workbook/start.ts) adds stand-ins, demo data and `--mine`.
 */
import { CliUsageError, parseCliOptions, PRODUCTION_USAGE, type CliOptions } from './cli-options.js';
import { ConfigError, loadConfig, type CapstoneConfig } from './config.js';
import { runInProcess, runRole } from './runtime/launch.js';
import { MissingServicesError, servicesFromConfig, type ProviderSettings } from './runtime/providers.js';

/** The options, the configuration and the services, or one message saying what is wrong. */
function readSettings(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { cli: CliOptions; config: CapstoneConfig; providers: ProviderSettings } | { message: string } | 'help' {
  try {
    const cli = parseCliOptions(argv);
    if (cli.help) return 'help';
    if (cli.mine !== undefined)
      throw new CliUsageError(
        '--mine runs exercise code, which the production entry does not load: use `npm start -- --mine`',
      );
    const config = loadConfig(env);
    return { cli, config, providers: servicesFromConfig(config) };
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof ConfigError)
      return { message: `${error.message}\n\nRun with --help for the options.` };
    if (error instanceof MissingServicesError) return { message: error.message };
    throw error;
  }
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  if (settings === 'help') {
    console.log(PRODUCTION_USAGE);
    return;
  }
  if ('message' in settings) {
    console.error(settings.message);
    process.exitCode = 1;
    return;
  }
  const { cli, config, providers } = settings;
  const launch = { providers: async () => providers };
  if (cli.role === 'all') return runInProcess(config, cli, launch);
  return runRole(config, cli, cli.role, launch);
}

await main();
