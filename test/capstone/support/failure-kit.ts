/** Helpers of the failure tests: child-process services, queue depths from rabbitmqctl, counters from `/metrics`. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CapstoneChild, testEnv } from './capstone-harness.js';

const run = promisify(execFile);

/** The environment of one capstone child: the test settings, then the services the test chose (empty: stand-in). */
export function childEnv(
  label: string,
  services: { mongoUri: string; amqpUrl?: string; redisUrl?: string },
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...testEnv(label),
    MONGODB_URI: services.mongoUri,
    AMQP_URL: services.amqpUrl ?? '',
    REDIS_URL: services.redisUrl ?? '',
    ...extra,
  };
}

/** Starts `capstone/main.ts` with one role and waits until it serves; its URL comes over the IPC channel. */
export async function startChild(
  role: 'api' | 'worker',
  env: NodeJS.ProcessEnv,
): Promise<{ child: CapstoneChild; url: string }> {
  const child = new CapstoneChild([role === 'api' ? '--api-only' : '--worker-only', '--port', '0'], env);
  const started = await child.started;
  return { child, url: started.url ?? '' };
}

/** Ready and unacknowledged messages of one queue in a vhost. */
export async function queueDepth(vhost: string, queue: string): Promise<{ ready: number; unacked: number }> {
  const { stdout } = await run(
    'rabbitmqctl',
    ['-q', 'list_queues', '-p', vhost, 'name', 'messages_ready', 'messages_unacknowledged', '--formatter', 'json'],
    { timeout: 30_000 },
  );
  const rows = JSON.parse(stdout) as { name: string; messages_ready: number; messages_unacknowledged: number }[];
  const row = rows.find((candidate) => candidate.name === queue);
  return { ready: row?.messages_ready ?? 0, unacked: row?.messages_unacknowledged ?? 0 };
}

/** The sum of a counter's samples in a Prometheus text page whose labels include `labels` (0 when absent). */
export function counterValue(page: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of page.split('\n')) {
    const match = new RegExp(`^${name}(\\{([^}]*)\\})? (\\S+)$`).exec(line);
    if (!match) continue;
    const set = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => set.includes(`${key}="${value}"`))) total += Number(match[3]);
  }
  return total;
}
