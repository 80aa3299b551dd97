import type { BlockList } from 'node:net';
import type { Request, Response } from 'express';
import { TodoError } from '../../workbook/todo-error.js';

/** Trusted proxies as single addresses or CIDR ranges: `['127.0.0.1', '10.0.0.0/8', 'fd00::/8']`. */
export function trustedProxies(_entries: readonly string[]): BlockList {
  // TODO(03.5): a node:net BlockList; addAddress for a plain IP, addSubnet for `a/prefix`, 'ipv4' or 'ipv6' by isIP.
  // Anything that is not an IP is a TypeError.
  throw new TodoError('03.5');
}

/**
 * The client's address: start at the socket peer and walk `X-Forwarded-For` from the right while the current hop is
 * a trusted proxy. Entries left of the first untrusted hop were written by the client and are never believed.
 */
export function clientAddress(_remoteAddress: string, _forwardedFor: string | undefined, _trusted: BlockList): string {
  // TODO(03.5): normalise `::ffff:a.b.c.d` to `a.b.c.d`; pop hops from the right while the current one is trusted;
  // stop at an entry that is not an IP.
  throw new TodoError('03.5');
}

/** A `keyOf` for the chapter's `rateLimit`: the user when signed in, else the client address as computed above. */
export function clientKeyOf(_trusted: BlockList): (req: Request, res: Response) => string {
  // TODO(03.5): `user:<id>` when findPrincipal(res) finds one, else `ip:<clientAddress(socket address, XFF, trusted)>`.
  throw new TodoError('03.5');
}
