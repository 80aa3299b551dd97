import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingNotifier } from '../../../chapters/02-architecture/adapters/notifications/recording-notifier.js';
import { expectResponse } from '../../../chapters/05-testing/harness/api-contract.js';
import { createTestData } from '../../../chapters/05-testing/harness/test-data.js';
import { useHarness } from './support/harness-fixture.js';

const SMTP_PORTS = [25, 465, 587, 2525];
const harness = useHarness('no-smtp');

/** Every outgoing TCP connection the process attempts while `work` runs, by port (Node's sockets all pass here). */
async function connectionsDuring(work: () => Promise<void>): Promise<number[]> {
  const ports: number[] = [];
  const connect = net.Socket.prototype.connect;
  const spy = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
    this: net.Socket,
    ...args: unknown[]
  ) {
    const [first] = args;
    const options = (Array.isArray(first) ? first[0] : first) as { port?: number | string } | number | string;
    ports.push(Number(typeof options === 'object' && options !== null ? options.port : options));
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return ports;
}

describe('outbound email is a fake: no test can send mail', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('registers a user, records the welcome email, and opens no connection to an SMTP port', async () => {
    const { api, app, server } = harness();
    const user = createTestData().user();
    const ports = await connectionsDuring(async () => {
      expectResponse('POST /users', 201, await api.send('POST', '/users', { body: user }));
    });
    // The interception works: it saw this file's first HTTP connection to the app.
    expect(ports).toContain(Number(new URL(server.url).port));
    expect(ports.filter((port) => SMTP_PORTS.includes(port))).toEqual([]);
    expect(app.notifier.sent.map((message) => message.email)).toContain(user.email);
  });

  it('the interception sees a connection when one is made (so an empty list above means something)', async () => {
    const ports = await connectionsDuring(async () => {
      const socket = net.connect({ port: 9, host: '127.0.0.1' }); // discard port: refused at once on loopback
      await new Promise<void>((resolve) => socket.once('error', () => resolve()).once('connect', () => resolve()));
      socket.destroy();
    });
    expect(ports).toContain(9);
  });

  it("shows the guide's mistake: a spy that is not given an implementation still calls the real method", async () => {
    const notifier = new RecordingNotifier(); // stands in for a real mailer: its sendWelcome "sends"
    const spy = vi.spyOn(notifier, 'sendWelcome');
    await notifier.sendWelcome({ userId: 'u1', name: 'Ada', email: 'ada@example.test' });
    expect(spy).toHaveBeenCalledOnce();
    expect(notifier.sent).toHaveLength(1); // the real method ran: with an SMTP adapter, a real email left
  });
});
