import { EventEmitter } from 'node:events';
import { createServer, request, Agent } from 'node:http';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GracefulShutdown,
  SHUTDOWN_EXIT_CODE,
  signalExitCode,
} from '../../../chapters/08-production/graceful-shutdown.js';
import type { ShutdownLog, ShutdownSignal } from '../../../chapters/08-production/graceful-shutdown.js';

class FakeSignals extends EventEmitter {
  send(signal: ShutdownSignal): void {
    this.emit(signal, signal);
  }
}

function recordingLog(): ShutdownLog & { lines: string[] } {
  const lines: string[] = [];
  const push = (_fields: Record<string, unknown>, message: string): void => void lines.push(message);
  return { lines, info: push, warn: push, error: push };
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('no port');
  return { server, port: address.port };
}

function get(port: number, agent?: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GracefulShutdown signals', () => {
  // #region duplicate-signal
  it('ignores the same signal again within the duplicate window, and forces exit on a later one', () => {
    let now = 1_000;
    const forced: ShutdownSignal[] = [];
    const exitCodes: number[] = [];
    const signals = new FakeSignals();
    const shutdown = new GracefulShutdown({
      now: () => now,
      duplicateSignalWindowMs: 200,
      forceExit: (signal) => forced.push(signal),
      setExitCode: (code) => exitCodes.push(code),
      resourceTimeoutMs: 1_000,
    });
    shutdown.register('never closes', () => new Promise(() => undefined));
    shutdown.listen(signals);

    signals.send('SIGINT');
    now += 30; // the terminal's copy of the same Ctrl+C
    signals.send('SIGINT');
    expect(forced).toEqual([]);

    now += 2_000; // the operator presses Ctrl+C again
    signals.send('SIGINT');
    expect(forced).toEqual(['SIGINT']);
    expect(exitCodes).toEqual([130]);
  });
  // #endregion duplicate-signal

  it('counts a different signal inside the window as a second signal', () => {
    let now = 0;
    const forced: ShutdownSignal[] = [];
    const signals = new FakeSignals();
    const shutdown = new GracefulShutdown({ now: () => now, forceExit: (signal) => forced.push(signal) });
    shutdown.listen(signals);
    signals.send('SIGTERM');
    now += 10;
    signals.send('SIGINT');
    expect(forced).toEqual(['SIGINT']);
  });

  it('stops listening when the returned function is called', () => {
    const signals = new FakeSignals();
    const unlisten = new GracefulShutdown().listen(signals);
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    unlisten();
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0);
  });

  it('maps signals to the conventional 128 + n exit codes', () => {
    expect(signalExitCode('SIGTERM')).toBe(143);
    expect(signalExitCode('SIGINT')).toBe(130);
  });
});

describe('GracefulShutdown sequence', () => {
  it('turns readiness false first, lets in-flight requests finish, then closes resources in reverse order', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const { server, port } = await listen((_req, res) => {
      order.push('request started');
      release = () => {
        order.push('request finished');
        res.end('ok');
      };
    });
    const shutdown = new GracefulShutdown({ servers: [server], onShutdownStart: () => order.push('not ready') });
    shutdown.register('database', () => void order.push('database closed'));
    shutdown.register('broker', () => void order.push('broker closed'));
    const response = get(port);
    await new Promise((resolve) => server.once('request', () => setImmediate(resolve)));

    const done = shutdown.shutdown('test');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['request started', 'not ready']);
    release();

    expect(await response).toBe(200);
    const result = await done;
    expect(order).toEqual(['request started', 'not ready', 'request finished', 'broker closed', 'database closed']);
    expect(result).toMatchObject({ outcome: 'clean', exitCode: 0, cutRequests: 0, failures: [] });
    expect(server.listening).toBe(false);
  });

  it('closes kept-alive connections as soon as their request ends, so close() does not wait for the keep-alive timeout', async () => {
    const { server, port } = await listen((_req, res) => setTimeout(() => res.end('ok'), 50));
    server.keepAliveTimeout = 60_000;
    const agent = new Agent({ keepAlive: true });
    const shutdown = new GracefulShutdown({ servers: [server], drainTimeoutMs: 30_000 });
    const response = get(port, agent);
    await new Promise((resolve) => server.once('request', resolve));

    const result = await shutdown.shutdown();

    expect(await response).toBe(200);
    expect(result.outcome).toBe('clean');
    agent.destroy();
  });

  it('cuts requests still running at the deadline and says so in the exit code', async () => {
    const { server, port } = await listen(() => undefined); // never answers
    const exitCodes: number[] = [];
    const shutdown = new GracefulShutdown({
      servers: [server],
      drainTimeoutMs: 50,
      setExitCode: (code) => exitCodes.push(code),
    });
    const response = get(port).catch((error: unknown) => error);
    await new Promise((resolve) => server.once('request', resolve));

    const result = await shutdown.shutdown();

    expect(result).toMatchObject({
      outcome: 'drain-timeout',
      cutRequests: 1,
      exitCode: SHUTDOWN_EXIT_CODE['drain-timeout'],
    });
    expect(exitCodes).toEqual([2]);
    expect(await response).toBeInstanceOf(Error);
  });

  it('keeps closing the other resources when one fails or hangs, and reports each failure', async () => {
    const log = recordingLog();
    const closed: string[] = [];
    const shutdown = new GracefulShutdown({ resourceTimeoutMs: 30, log });
    shutdown.register('cache', () => void closed.push('cache'));
    shutdown.register('hangs', () => new Promise(() => undefined));
    shutdown.register('throws', () => {
      throw new Error('socket already closed');
    });

    const result = await shutdown.shutdown();

    expect(closed).toEqual(['cache']);
    expect(result.outcome).toBe('resource-failed');
    expect(result.exitCode).toBe(1);
    expect(result.failures).toEqual([
      { resource: 'throws', error: 'socket already closed' },
      { resource: 'hangs', error: '"hangs" did not close within 30 ms' },
    ]);
    expect(log.lines).toContain('resource failed to close');
  });

  it('runs once: a second call returns the same result', async () => {
    let closes = 0;
    const shutdown = new GracefulShutdown();
    shutdown.register('pool', () => void (closes += 1));
    const [first, second] = await Promise.all([shutdown.shutdown(), shutdown.shutdown()]);
    expect(first).toBe(second);
    expect(closes).toBe(1);
  });

  it('refuses to register a resource once shutdown has started', async () => {
    const shutdown = new GracefulShutdown();
    await shutdown.shutdown();
    expect(() => shutdown.register('late', () => undefined)).toThrow(
      'cannot register "late" after shutdown has started',
    );
  });
});
