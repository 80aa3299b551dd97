import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryRegistry } from '../../../chapters/06-microservices/discovery/in-memory-registry.js';
import type { ServiceInstance } from '../../../chapters/06-microservices/discovery/registry.port.js';
import { createServiceClient } from '../../../chapters/06-microservices/discovery/service-client.js';
import {
  answers,
  startServer,
  type LoopbackServer,
} from '../../chapters/06-microservices/discovery/loopback-servers.js';
import { leastInFlightPicker } from '#exercise/06-microservices/05-least-in-flight-picker';

const instance = (id: string): ServiceInstance => ({
  id,
  service: 'orders',
  address: '127.0.0.1',
  port: 1,
  metadata: {},
});
const a = instance('a');
const b = instance('b');
const c = instance('c');
const loads = (byId: Record<string, number>) => ({ inFlight: (id: string) => byId[id] ?? 0 });

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('06.5 a picker that sends new calls to the least busy instance', () => {
  it('returns undefined when there is no candidate', () => {
    expect(leastInFlightPicker().pick([], loads({}))).toBeUndefined();
  });

  it('picks the candidate with the fewest calls in progress', () => {
    const picker = leastInFlightPicker();
    expect(picker.pick([a, b, c], loads({ a: 3, b: 1, c: 2 }))).toBe(b);
    expect(picker.pick([a, b, c], loads({ a: 0, b: 1, c: 2 }))).toBe(a);
  });

  it('takes turns among the candidates that tie, so idle instances share the work', () => {
    const picker = leastInFlightPicker();
    const idle = loads({});
    const picked = Array.from({ length: 6 }, () => picker.pick([a, b, c], idle)?.id);
    expect(picked.filter((id) => id === 'a')).toHaveLength(2);
    expect(picked.filter((id) => id === 'b')).toHaveLength(2);
    expect(picked.filter((id) => id === 'c')).toHaveLength(2);
  });

  it('takes idle candidates in order, a, b, c, a, b, c, each picker on its own turn; an empty call takes no turn', () => {
    const picker = leastInFlightPicker();
    const idle = loads({});
    expect(picker.pick([], idle)).toBeUndefined();
    expect(Array.from({ length: 6 }, () => picker.pick([a, b, c], idle)?.id)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(leastInFlightPicker().pick([a, b, c], idle)).toBe(a);
  });

  it('never picks a busier instance while a less busy one is a candidate', () => {
    const picker = leastInFlightPicker();
    for (let i = 0; i < 5; i += 1) expect(picker.pick([a, b, c], loads({ a: 2, b: 2, c: 1 }))).toBe(c);
  });

  it('in the service client, a stuck instance gets one call while the healthy one takes the rest', async () => {
    const held: (() => void)[] = [];
    const slow = await startServer((_req, res) => held.push(() => res.end(JSON.stringify({ instance: 'slow' }))));
    const fast = await startServer(answers('fast'));
    servers.push(slow, fast);
    const registry = new InMemoryRegistry();
    for (const s of [slow, fast]) await registry.register({ service: 'orders', address: '127.0.0.1', port: s.port });
    const client = createServiceClient({
      registry,
      service: 'orders',
      picker: leastInFlightPicker(),
      attemptTimeoutMs: 10_000,
      deadlineMs: 10_000,
    });

    const pending: Promise<Response>[] = [];
    for (let i = 0; i < 6; i += 1) {
      const heldBefore = held.length;
      let settled = false;
      const call = client.request('/');
      pending.push(call);
      void call.then(() => (settled = true));
      // Wait until this call either finished (fast) or is being held (slow) before starting the next.
      await vi.waitFor(() => expect(settled || held.length > heldBefore).toBe(true));
    }
    expect(slow.hits()).toBe(1);
    expect(fast.hits()).toBe(5);
    for (const release of held) release();
    await Promise.all(pending);
    await client.close();
    await registry.close();
  });
});
