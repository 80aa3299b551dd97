import type { BlockList } from 'node:net';
import type { Request, Response } from 'express';
import { TodoError } from '../../workbook/todo-error.js';

/**
 * Trusted proxies as single addresses or CIDR ranges, IPv4 or IPv6: `['127.0.0.1', '10.0.0.0/8', 'fd00::/8']`.
 * An entry that is not an address, optionally followed by `/` and a decimal prefix of at most 32 (IPv4) or 128 (IPv6),
 * is a TypeError whose message quotes the entry: `10.0.0.0/` or `10.0.0.0/33` must never end up trusting more than
 * was meant.
 */
export function trustedProxies(_entries: readonly string[]): BlockList {
  // TODO(03.5): the set of trusted proxies the entries describe; malformed entries throw as stated above.
  throw new TodoError('03.5');
}

/**
 * The client's address. The socket peer is a fact; each trusted proxy appends the address it received the request
 * from to `X-Forwarded-For`, so an entry is believed only if a trusted proxy wrote it. The answer is the first
 * untrusted address met reading the socket peer, then the header from right to left; if an entry is not an IP
 * address, or the entries run out, the answer is the last address read before it. Entries left of the first untrusted
 * hop were written by the client and never count. Spaces and empty list elements are ignored, and an IPv4-mapped
 * `::ffff:a.b.c.d` (any case) is answered as `a.b.c.d`.
 */
export function clientAddress(_remoteAddress: string, _forwardedFor: string | undefined, _trusted: BlockList): string {
  // TODO(03.5): return the address described above.
  throw new TodoError('03.5');
}

/**
 * The key an anonymous client's requests count against. IPv4 (an IPv4-mapped `::ffff:a.b.c.d` included, but no other
 * IPv6 address with a dotted tail): `ip:` and the whole address, `ip:203.0.113.7`. IPv6: `ip:` and the /64 network the
 * address sits in, because one subscriber usually holds a whole /64 and could otherwise rotate through it to dodge the
 * limit. The network is written in canonical form (RFC 5952: lower case, no leading zeros, the longest run of zero
 * groups as `::`) followed by `/64`: `2001:DB8:0:0:1::7` is `ip:2001:db8::/64` and `2001:db8:a:b:c:d:e:f` is
 * `ip:2001:db8:a:b::/64`. Anything else is `ip:` and the text as given.
 */
export function addressKey(_address: string): string {
  // TODO(03.5): return the key described above.
  throw new TodoError('03.5');
}

/**
 * A `keyOf` for the chapter's `rateLimit`. A signed-in caller (requireAuth stored a principal) is `user:<userId>`,
 * wherever the request comes from; anyone else is the `addressKey` of their `clientAddress`, from the socket peer and
 * `X-Forwarded-For`. A socket that has closed and no longer knows its peer gives `ip:` with nothing after it.
 */
export function clientKeyOf(_trusted: BlockList): (req: Request, res: Response) => string {
  // TODO(03.5): return the keyOf described above.
  throw new TodoError('03.5');
}
