/**
 * The services an exercise needs, as the learner's machine has them. MongoDB and Redis always have a stand-in (the
 * provider chain's embedded engine, ioredis-mock). RabbitMQ and etcd have none: the run uses the URL when it is set,
 * else starts the service with testcontainers when a container runtime answers, else the exercise waits ("needs
 * RabbitMQ") instead of failing, and the CLI prints the one command that gets it. promtool is a tool on the PATH.
 */
import { spawnSync } from 'node:child_process';
import {
  probeContainerRuntime,
  startServiceContainers,
  type RuntimeProbe,
} from '../chapters/05-testing/harness/containers.js';
// From types.ts, not index.ts: exercise tests import this module, and the manifest is not part of what they test.
import type { Exercise, Service } from './manifest/types.js';
import { CodedError } from '../platform/errors/coded-error.js';

/** `WORKBOOK_CONTAINER_RUNTIME=absent` answers "no runtime" without asking (the CLI's own tests use it). */
export const RUNTIME_SWITCH = 'WORKBOOK_CONTAINER_RUNTIME';

/** What the workbook asks of a container runtime: whether one answers, and a RabbitMQ or etcd in it. */
export interface ContainerRuntime {
  probe(): Promise<RuntimeProbe>;
  startRabbitMq(): Promise<StartedService>;
}

export interface StartedService {
  readonly url: string;
  /** Where the URL came from, for the one log line a test prints. */
  readonly source: string;
  stop(): Promise<void>;
}

/** testcontainers, through Chapter 5's harness. */
export function testcontainersRuntime(env: NodeJS.ProcessEnv = process.env): ContainerRuntime {
  return {
    probe: async () =>
      env[RUNTIME_SWITCH] === 'absent'
        ? { available: false, reason: `${RUNTIME_SWITCH}=absent` }
        : probeContainerRuntime(),
    startRabbitMq: async () => {
      const started = await startServiceContainers({ amqp: true, log: () => {} });
      return {
        url: started.amqpUrl!,
        source: 'a RabbitMQ container started by testcontainers',
        stop: () => started.stop(),
      };
    },
  };
}

/** A service the exercise needs and this machine lacks; the message says how to get it in one command. */
export class ServiceMissingError extends CodedError {
  readonly code = 'SERVICE_MISSING';
  constructor(
    readonly service: Service,
    message: string,
  ) {
    super(message);
  }
}

interface Need {
  readonly label: string;
  /** One sentence with the one command that gets the service. */
  readonly fix: string;
}

const NEEDS: Partial<Record<Service, Need>> = {
  amqp: {
    label: 'RabbitMQ',
    fix:
      'start Docker or Podman (the test then starts RabbitMQ itself), or run RabbitMQ and point AMQP_URL at it: ' +
      '`docker run -d -p 5672:5672 rabbitmq:3.13-alpine && export AMQP_URL=amqp://guest:guest@localhost:5672`',
  },
  etcd: {
    label: 'etcd',
    fix: 'run etcd and point ETCD_URL at it: `sudo apt-get install etcd-server && export ETCD_URL=http://127.0.0.1:2379`',
  },
  promtool: {
    label: 'promtool',
    fix: "install Prometheus's promtool (`sudo apt-get install prometheus`, or `brew install prometheus`), or set PROMTOOL to its path",
  },
};

/** What a missing service is called and how to get it, for the CLI. */
export function needOf(service: Service): Need {
  return NEEDS[service] ?? { label: service, fix: '' };
}

/** The promtool to run: `PROMTOOL`, else `promtool` when it is on the PATH, else undefined. */
export function promtoolCommand(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const command = env.PROMTOOL?.trim() || 'promtool';
  const probe = spawnSync(command, ['--version'], { stdio: 'ignore', env });
  if (probe.status === 0) return command;
  if (env.PROMTOOL?.trim())
    throw new ServiceMissingError(
      'promtool',
      `PROMTOOL is set to ${command}, but it did not run (${probe.error?.message ?? `exit ${probe.status}`}).`,
    );
  return undefined;
}

export interface AvailabilityOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly runtime?: ContainerRuntime;
  readonly findPromtool?: (env: NodeJS.ProcessEnv) => string | undefined;
}

/**
 * The services each exercise needs and this machine lacks, by exercise id (exercises that can run are absent). The
 * container runtime is asked at most once.
 */
export async function missingServices(
  list: readonly Exercise[],
  { env = process.env, runtime = testcontainersRuntime(env), findPromtool = promtoolCommand }: AvailabilityOptions = {},
): Promise<Map<string, Service[]>> {
  let probe: Promise<RuntimeProbe> | undefined;
  const runtimeAnswers = async (): Promise<boolean> => (await (probe ??= runtime.probe())).available;
  const lacks = async (service: Service): Promise<boolean> => {
    switch (service) {
      case 'mongo':
      case 'redis':
        return false;
      case 'amqp':
        return !env.AMQP_URL && !(await runtimeAnswers());
      case 'etcd':
        return !env.ETCD_URL;
      case 'promtool':
        return findPromtool(env) === undefined;
    }
  };
  const missing = new Map<string, Service[]>();
  for (const exercise of list) {
    const lacking: Service[] = [];
    for (const service of exercise.services) if (await lacks(service)) lacking.push(service);
    if (lacking.length) missing.set(exercise.id, lacking);
  }
  return missing;
}

/**
 * RabbitMQ for an exercise's test: `AMQP_URL` when it is set (used as it is: a wrong URL fails the test, loudly), else
 * a container when a runtime answers, else ServiceMissingError naming the one command that gets one.
 */
export async function rabbitMqFor({
  env = process.env,
  runtime = testcontainersRuntime(env),
}: Omit<AvailabilityOptions, 'findPromtool'> = {}): Promise<StartedService> {
  if (env.AMQP_URL) return { url: env.AMQP_URL, source: 'AMQP_URL', stop: async () => {} };
  const probe = await runtime.probe();
  if (!probe.available) {
    throw new ServiceMissingError(
      'amqp',
      `This exercise needs RabbitMQ, and AMQP_URL is not set and no container runtime answered (${probe.reason}). To get it: ${NEEDS.amqp!.fix}.`,
    );
  }
  return runtime.startRabbitMq();
}
