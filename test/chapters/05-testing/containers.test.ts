import { describe, expect, it } from 'vitest';
import {
  containersRequested,
  probeContainerRuntime,
  startServiceContainers,
} from '../../../chapters/05-testing/harness/containers.js';
import { ContainerRuntimeUnavailableError } from '../../../chapters/05-testing/harness/harness-errors.js';
import { startTestServices } from '../../../chapters/05-testing/harness/test-services.js';

// Decided once for the file: this machine has no container engine, so only the failure path can run here.
const runtime = await probeContainerRuntime();
console.log(`[harness] container runtime: ${runtime.available ? runtime.description : `none (${runtime.reason})`}`);

describe('opt-in containers (WORKBOOK_CONTAINERS)', () => {
  it.each([
    ['1', true],
    ['true', true],
    ['YES', true],
    ['0', false],
    ['', false],
    [undefined, false],
  ])('reads WORKBOOK_CONTAINERS=%s as %s', (value, expected) => {
    expect(containersRequested(value === undefined ? {} : { WORKBOOK_CONTAINERS: value })).toBe(expected);
  });

  it.skipIf(runtime.available)(
    'fails at once with a clear message when the switch is set and no container runtime answers (the only outcome on a machine without Docker)',
    async () => {
      const started = performance.now();
      const error = await startTestServices({
        label: 'containers',
        redis: true,
        connectBus: () => Promise.reject(new Error('never reached')),
        env: { WORKBOOK_CONTAINERS: '1' },
        log: () => {},
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContainerRuntimeUnavailableError);
      expect((error as ContainerRuntimeUnavailableError).code).toBe('CONTAINER_RUNTIME_UNAVAILABLE');
      expect((error as Error).message).toMatch(
        /WORKBOOK_CONTAINERS=1.*no container runtime answered.*Start Docker or Podman.*unset WORKBOOK_CONTAINERS/s,
      );
      // "At once" means it did not wait for a pull or a start timeout; the bound is generous for a busy machine.
      expect(performance.now() - started).toBeLessThan(10_000);
    },
  );

  it.runIf(runtime.available)(
    'starts MongoDB, Redis and RabbitMQ in containers and stops them (needs a container runtime; cannot run here)',
    async () => {
      const started = await startServiceContainers({ mongo: true, redis: true, amqp: true, log: () => {} });
      try {
        expect(started.mongoUri).toMatch(/^mongodb:\/\//);
        expect(started.redisUrl).toMatch(/^redis:\/\//);
        expect(started.amqpUrl).toMatch(/^amqp:\/\//);
      } finally {
        await started.stop();
      }
    },
    180_000,
  );
});
