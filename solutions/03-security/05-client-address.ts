import { BlockList, isIP } from 'node:net';
import type { Request, Response } from 'express';
import { findPrincipal } from '../../chapters/03-security/auth/bearer-auth.middleware.js';

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) is `203.0.113.7`. */
function normalise(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/** Trusted proxies as single addresses or CIDR ranges: `['127.0.0.1', '10.0.0.0/8', 'fd00::/8']`. */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new TypeError(`${JSON.stringify(entry)} is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: start at the socket peer and walk `X-Forwarded-For` from the right while the current hop is
 * a trusted proxy. Entries left of the first untrusted hop were written by the client and are never believed.
 */
export function clientAddress(remoteAddress: string, forwardedFor: string | undefined, trusted: BlockList): string {
  let current = normalise(remoteAddress);
  const hops = (forwardedFor ?? '').split(',').map(normalise).filter((hop) => hop !== '');
  while (isTrusted(trusted, current) && hops.length > 0) {
    const next = hops.pop() ?? '';
    if (isIP(next) === 0) break; // garbage a proxy passed along: stop at the last hop we could verify
    current = next;
  }
  return current;
}

/** A `keyOf` for the chapter's `rateLimit`: the user when signed in, else the client address as computed above. */
export function clientKeyOf(trusted: BlockList): (req: Request, res: Response) => string {
  return (req, res) => {
    const principal = findPrincipal(res);
    if (principal) return `user:${principal.userId}`;
    return `ip:${clientAddress(req.socket.remoteAddress ?? '', req.get('x-forwarded-for'), trusted)}`;
  };
}
