import { describe, expect, it } from 'vitest';
import type { Exercise, Service } from '../../workbook/manifest/index.js';
import {
  missingServices,
  needOf,
  rabbitMqFor,
  ServiceMissingError,
  testcontainersRuntime,
  type ContainerRuntime,
} from '../../workbook/services.js';

function exercise(id: string, services: Service[]): Exercise {
  return { id, title: id, stub: '', test: '', hints: [], services, minutes: 5, level: 'core' };
}

/** A container runtime that answers as told and records what it was asked. */
function fakeRuntime(available: boolean): ContainerRuntime & { probes: number; started: number; stopped: number } {
  const runtime = {
    probes: 0,
    started: 0,
    stopped: 0,
    probe: async () => {
      runtime.probes += 1;
      return available
        ? ({ available: true, description: 'fake runtime' } as const)
        : ({ available: false, reason: 'no socket' } as const);
    },
    startRabbitMq: async () => {
      runtime.started += 1;
      return {
        url: 'amqp://guest:guest@127.0.0.1:32768',
        source: 'fake container',
        stop: async () => void (runtime.stopped += 1),
      };
    },
  };
  return runtime;
}

const all = [
  exercise('02.9', ['mongo']),
  exercise('03.9', ['redis']),
  exercise('06.9', ['amqp']),
  exercise('06.10', ['amqp']),
  exercise('08.9', ['promtool']),
  exercise('01.1', []),
];
const noPromtool = (): undefined => undefined;
const promtool = (): string => 'promtool';

describe('which services a learner lacks', () => {
  it('never lacks MongoDB or Redis: both have a stand-in', async () => {
    const missing = await missingServices(all, { env: {}, runtime: fakeRuntime(false), findPromtool: noPromtool });
    expect(missing.has('02.9')).toBe(false);
    expect(missing.has('03.9')).toBe(false);
    expect(missing.has('01.1')).toBe(false);
  });

  it('lacks RabbitMQ without AMQP_URL and without a container runtime, asking the runtime once', async () => {
    const runtime = fakeRuntime(false);
    const missing = await missingServices(all, { env: {}, runtime, findPromtool: promtool });
    expect(Object.fromEntries(missing)).toEqual({ '06.9': ['amqp'], '06.10': ['amqp'] });
    expect(runtime.probes).toBe(1);
  });

  it('has RabbitMQ through a container runtime, or through AMQP_URL without asking any runtime', async () => {
    expect((await missingServices(all, { env: {}, runtime: fakeRuntime(true), findPromtool: promtool })).size).toBe(0);
    const runtime = fakeRuntime(false);
    expect(
      (await missingServices(all, { env: { AMQP_URL: 'amqp://rabbit:5672' }, runtime, findPromtool: promtool })).size,
    ).toBe(0);
    expect(runtime.probes).toBe(0);
  });

  it('lacks promtool when it cannot be found', async () => {
    const missing = await missingServices(all, {
      env: { AMQP_URL: 'amqp://x' },
      runtime: fakeRuntime(false),
      findPromtool: noPromtool,
    });
    expect(Object.fromEntries(missing)).toEqual({ '08.9': ['promtool'] });
  });

  it('names each missing service with one command that gets it', () => {
    expect(needOf('amqp')).toMatchObject({
      label: 'RabbitMQ',
      fix: expect.stringMatching(/docker run .*rabbitmq.*AMQP_URL=/),
    });
    expect(needOf('promtool').fix).toMatch(/apt-get install prometheus/);
  });
});

describe('RabbitMQ for an exercise test', () => {
  it('uses AMQP_URL as it is, starts nothing and stops nothing', async () => {
    const runtime = fakeRuntime(true);
    const broker = await rabbitMqFor({ env: { AMQP_URL: 'amqp://ci:5672' }, runtime });
    expect(broker).toMatchObject({ url: 'amqp://ci:5672', source: 'AMQP_URL' });
    await broker.stop();
    expect([runtime.probes, runtime.started, runtime.stopped]).toEqual([0, 0, 0]);
  });

  it('starts a container when a runtime answers, and stop() removes it', async () => {
    const runtime = fakeRuntime(true);
    const broker = await rabbitMqFor({ env: {}, runtime });
    expect(broker.url).toBe('amqp://guest:guest@127.0.0.1:32768');
    await broker.stop();
    expect([runtime.started, runtime.stopped]).toEqual([1, 1]);
  });

  it('throws ServiceMissingError with the reason and the command when neither exists', async () => {
    const runtime = fakeRuntime(false);
    const attempt = rabbitMqFor({ env: {}, runtime });
    await expect(attempt).rejects.toBeInstanceOf(ServiceMissingError);
    await expect(attempt).rejects.toThrow(
      /AMQP_URL is not set and no container runtime answered \(no socket\).*docker run/,
    );
    expect(runtime.started).toBe(0);
  });

  it('answers "no runtime" without asking one when WORKBOOK_CONTAINER_RUNTIME=absent', async () => {
    expect(await testcontainersRuntime({ WORKBOOK_CONTAINER_RUNTIME: 'absent' }).probe()).toEqual({
      available: false,
      reason: 'WORKBOOK_CONTAINER_RUNTIME=absent',
    });
  });
});
