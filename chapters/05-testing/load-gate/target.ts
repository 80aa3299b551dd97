import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { LoadGateOptionsError, NonLoopbackTargetError, TargetUnreachableError } from './load-gate-errors.js';

// Node's BlockList compares addresses, not spellings: it also matches 127.x written as an IPv4-mapped IPv6 address,
// which WHATWG URL normalises to hex (`[::ffff:127.0.0.1]` becomes `[::ffff:7f00:1]`).
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True for 127.0.0.0/8, ::1 and `localhost` names: decided from the URL alone, with no DNS lookup to be fooled. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

// #region loopback
/**
 * Parses the target and refuses anything but this machine unless `allowRemote` is set. A load test is a deliberate
 * overload: pointed at a shared or production host (as the guide's example is, with a flow that creates orders) it
 * is an outage and a pile of fake orders.
 */
export function checkTarget(target: string, allowRemote = false): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch (error) {
    throw new LoadGateOptionsError(`target "${target}" is not a URL; give a base URL like http://127.0.0.1:3000`, {
      cause: error,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LoadGateOptionsError(`target ${target} uses ${url.protocol}; only http: and https: are load-tested`);
  if (!allowRemote && !isLoopbackHost(url.hostname)) {
    throw new NonLoopbackTargetError(
      `refusing to load-test ${url.origin}: it is not a loopback address (127.0.0.0/8, ::1, localhost). ` +
        'Pass allowRemoteTarget (CLI: --allow-remote-target) only for a host you own that no user depends on.',
    );
  }
  return url;
}
// #endregion loopback

/**
 * One request to `path` before any load: any HTTP status means the target answers. A refused connection or no
 * answer within `timeoutMs` is a `TargetUnreachableError` in seconds, instead of a run of thousands of errors.
 */
export function probeTarget(base: URL, path = '/', timeoutMs = 3_000): Promise<number> {
  const url = new URL(path, base);
  const send = url.protocol === 'https:' ? httpsRequest : request;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume(); // drain, so the socket closes
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => {
      req.destroy(
        new TargetUnreachableError(
          `target ${url.origin} accepted no request or sent no response within ${timeoutMs} ms (GET ${url.pathname}); is the server up and not stuck?`,
        ),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof TargetUnreachableError) return reject(error);
      const why =
        error.code === 'ECONNREFUSED' ? 'refused the connection: nothing listens on that port' : error.message;
      reject(
        new TargetUnreachableError(
          `target ${url.origin} ${why} (GET ${url.pathname}); start the server or fix the URL`,
          { cause: error },
        ),
      );
    });
    req.end();
  });
}
