import { BlockList, isIP } from 'node:net';
import type { Request, Response } from 'express';
import { findPrincipal } from '../../chapters/03-security/auth/bearer-auth.middleware.js';

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) is `203.0.113.7`. */
function normalise(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

function notAnEntry(entry: string): TypeError {
  return new TypeError(`${JSON.stringify(entry)} is not an IP address or a CIDR range such as 10.0.0.0/8`);
}

/**
 * Trusted proxies as single addresses or CIDR ranges: `['127.0.0.1', '10.0.0.0/8', 'fd00::/8']`. Anything else is a
 * TypeError, a range with an empty or oversized prefix included: `Number('')` is 0, and `10.0.0.0/0` trusts everyone.
 */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const match = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry);
    if (!match) throw notAnEntry(entry);
    const address = match[1]!; // the pattern's first group always takes part
    const prefix = match[2];
    const family = isIP(address);
    if (family === 0) throw notAnEntry(entry);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else if (Number(prefix) <= (family === 4 ? 32 : 128)) list.addSubnet(address, Number(prefix), type);
    else throw notAnEntry(entry);
  }
  return list;
}

/** `check` answers false for text that is not an address, so the socket's own garbage is never trusted. */
function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: start at the socket peer and walk `X-Forwarded-For` from the right while the current hop is
 * a trusted proxy. Entries left of the first untrusted hop were written by the client and are never believed.
 */
export function clientAddress(remoteAddress: string, forwardedFor: string | undefined, trusted: BlockList): string {
  let current = normalise(remoteAddress);
  // HTTP lists may hold empty elements (`a,,b`); they name nobody.
  const hops = (forwardedFor ?? '')
    .split(',')
    .map(normalise)
    .filter((hop) => hop !== '');
  while (isTrusted(trusted, current)) {
    const next = hops.pop() ?? '';
    if (isIP(next) === 0) break; // nothing left, or garbage a proxy passed along: stop at the last hop we could verify
    current = next;
  }
  return current;
}

/** The first four groups of an IPv6 address (its /64 network) as numbers, with `::` expanded. */
function network64(address: string): number[] {
  const [head, tail] = address.split('::') as [string, string?];
  const left = head === '' ? [] : head.split(':');
  if (tail === undefined) return left.slice(0, 4).map((group) => parseInt(group, 16));
  // An empty tail (`2001:db8::`) reads as one empty group: it can only land in the interface half, which is dropped.
  const right = tail.split(':');
  // A dotted IPv4 tail (`64:ff9b::192.0.2.1`) is written as one group but stands for two.
  const width = right.length + (tail.includes('.') ? 1 : 0);
  const groups = [...left, ...Array<string>(8 - left.length - width).fill('0'), ...right];
  return groups.slice(0, 4).map((group) => parseInt(group, 16));
}

/**
 * The key an anonymous client counts against: an IPv4 address alone, an IPv6 address by its /64 network (one
 * subscriber usually holds a whole /64 and can rotate through it at will), in RFC 5952 form: `ip:2001:db8::/64`.
 */
export function addressKey(address: string): string {
  const normal = normalise(address);
  if (isIP(normal) !== 6) return `ip:${normal}`;
  const network = network64(normal);
  // The interface half is all zeros, so the longest run of zero groups, which RFC 5952 writes as `::`, is at the end.
  while (network.at(-1) === 0) network.pop();
  return `ip:${network.map((group) => group.toString(16)).join(':')}::/64`;
}

/** A `keyOf` for the chapter's `rateLimit`: the user when signed in, else the client's address key as above. */
export function clientKeyOf(trusted: BlockList): (req: Request, res: Response) => string {
  return (req, res) => {
    const principal = findPrincipal(res);
    if (principal) return `user:${principal.userId}`;
    return addressKey(clientAddress(req.socket.remoteAddress ?? '', req.get('x-forwarded-for'), trusted));
  };
}
