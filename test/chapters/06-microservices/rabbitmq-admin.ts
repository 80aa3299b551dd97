/** Test helpers that drive the local RabbitMQ with rabbitmqctl: a private vhost per test file, and its outages. */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Why rabbitmqctl cannot be used this run, or false when it can. Checked once per file. */
export function rabbitmqctlMissing(): string | false {
  if (!process.env.AMQP_URL) return 'AMQP_URL is unset';
  const probe = spawnSync('rabbitmqctl', ['-q', 'list_vhosts'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.error) return `rabbitmqctl is not available (${probe.error.message})`;
  if (probe.status !== 0) return `rabbitmqctl failed (${probe.stderr.trim().split('\n')[0] ?? 'no output'})`;
  return false;
}

async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });
  return stdout;
}

export interface PrivateVhost {
  readonly name: string;
  /** AMQP_URL pointed at this vhost. */
  readonly url: string;
  remove(): Promise<void>;
}

/** A vhost only this test file uses, so closing its connections disturbs no other file. */
export async function createPrivateVhost(label: string): Promise<PrivateVhost> {
  const name = `test-${label}-${randomBytes(4).toString('hex')}`;
  await rabbitmqctl('add_vhost', name);
  await rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*');
  const url = new URL(process.env.AMQP_URL as string);
  url.pathname = `/${encodeURIComponent(name)}`;
  return { name, url: url.toString(), remove: async () => void (await rabbitmqctl('delete_vhost', name)) };
}

/** The broker drops every connection of the vhost, as in a network blip or a broker restart. */
export async function closeAllConnections(vhost: string, reason: string): Promise<void> {
  await rabbitmqctl('close_all_connections', '-p', vhost, reason);
}

/** The `connection_name` of every open connection in the vhost (one entry per connection). */
export async function connectionNames(vhost: string): Promise<string[]> {
  const rows = JSON.parse(
    await rabbitmqctl('list_connections', 'vhost', 'client_properties', '--formatter', 'json'),
  ) as {
    vhost: string;
    client_properties: [string, string, unknown][];
  }[];
  return rows
    .filter((row) => row.vhost === vhost)
    .map((row) => String(row.client_properties.find(([key]) => key === 'connection_name')?.[2] ?? '(unnamed)'));
}
