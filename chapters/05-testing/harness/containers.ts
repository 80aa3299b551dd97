import type { StartedTestContainer } from 'testcontainers';
import { ContainerRuntimeUnavailableError, ContainerStartError } from './harness-errors.js';

/** The environment variable that opts in to containers: `WORKBOOK_CONTAINERS=1`. */
export const CONTAINERS_SWITCH = 'WORKBOOK_CONTAINERS';

/** Images the harness starts. Pinned to a major version: a test suite should not change under you overnight. */
export const CONTAINER_IMAGES = {
  mongo: 'mongo:7',
  redis: 'redis:7-alpine',
  rabbitmq: 'rabbitmq:3.13-alpine',
} as const;

/** True when the switch is set to a truthy value (`1`, `true`, `yes`). */
export function containersRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env[CONTAINERS_SWITCH]?.trim() ?? '');
}

/** What the runtime probe found. */
export type RuntimeProbe =
  { readonly available: true; readonly description: string } | { readonly available: false; readonly reason: string };

/**
 * Asks testcontainers for a container runtime (Docker, Podman, Colima...), within `timeoutMs`. Without one it
 * answers in milliseconds ("Could not find a working container runtime strategy"); the timeout guards a socket
 * that accepts and never answers.
 */
export async function probeContainerRuntime(timeoutMs = 5_000): Promise<RuntimeProbe> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<RuntimeProbe>((resolve) => {
    timer = setTimeout(
      () => resolve({ available: false, reason: `no container runtime answered within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const probe = getContainerRuntimeClient().then(
    (client): RuntimeProbe => ({
      available: true,
      description: `${client.info.containerRuntime.operatingSystem} at ${client.info.containerRuntime.host}`,
    }),
    (error: unknown): RuntimeProbe => ({
      available: false,
      reason: error instanceof Error ? error.message : String(error),
    }),
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Which services to start. */
export interface ContainerRequest {
  readonly mongo?: boolean;
  readonly redis?: boolean;
  readonly amqp?: boolean;
  readonly log?: (line: string) => void;
}

/** Connection URLs of the started containers; `stop()` removes every one of them. */
export interface StartedServiceContainers {
  readonly mongoUri?: string;
  readonly redisUrl?: string;
  readonly amqpUrl?: string;
  stop(): Promise<void>;
}

// #region containers
/**
 * Starts MongoDB, Redis and RabbitMQ in containers with testcontainers 11. It checks for a runtime first and fails at
 * once, with a message that says what to do, when none answers: a test run must never hang waiting for Docker.
 *
 * @example
 * // WORKBOOK_CONTAINERS=1 npx vitest run test/chapters/05-testing
 * const started = await startServiceContainers({ mongo: true, redis: true });
 * process.env.REDIS_URL = started.redisUrl;
 */
export async function startServiceContainers(request: ContainerRequest): Promise<StartedServiceContainers> {
  const log = request.log ?? ((line: string) => console.log(line));
  const runtime = await probeContainerRuntime();
  if (!runtime.available) {
    throw new ContainerRuntimeUnavailableError(
      `${CONTAINERS_SWITCH}=1 asks for MongoDB, Redis and RabbitMQ in containers, but no container runtime answered ` +
        `(${runtime.reason}). Start Docker or Podman (or set DOCKER_HOST), or unset ${CONTAINERS_SWITCH} to use ` +
        'MONGODB_URI/REDIS_URL/AMQP_URL or the in-process stand-ins.',
    );
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  const started: StartedTestContainer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.splice(0).map((container) => container.stop()));
  };
  const start = async (
    name: string,
    container: InstanceType<typeof GenericContainer>,
  ): Promise<StartedTestContainer> => {
    try {
      const running = await container.start();
      started.push(running);
      return running;
    } catch (error) {
      throw new ContainerStartError(
        `the ${name} container did not start: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  };
  try {
    const urls: { mongoUri?: string; redisUrl?: string; amqpUrl?: string } = {};
    if (request.mongo) {
      const mongo = await start(
        'MongoDB',
        new GenericContainer(CONTAINER_IMAGES.mongo)
          .withExposedPorts(27017)
          .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/)),
      );
      urls.mongoUri = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/?directConnection=true`;
    }
    if (request.redis) {
      const redis = await start(
        'Redis',
        new GenericContainer(CONTAINER_IMAGES.redis)
          .withExposedPorts(6379)
          .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/)),
      );
      urls.redisUrl = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
    }
    if (request.amqp) {
      const rabbit = await start(
        'RabbitMQ',
        new GenericContainer(CONTAINER_IMAGES.rabbitmq)
          .withExposedPorts(5672)
          .withWaitStrategy(Wait.forLogMessage(/Server startup complete/)),
      );
      urls.amqpUrl = `amqp://guest:guest@${rabbit.getHost()}:${rabbit.getMappedPort(5672)}`;
    }
    log(`[harness] containers on ${runtime.description}: ${Object.keys(urls).join(', ') || 'none requested'}`);
    return { ...urls, stop };
  } catch (error) {
    await stop(); // a half-started set must not outlive the failure
    throw error;
  }
}
// #endregion containers
