import { isIP } from 'node:net';

/** One subscriber usually gets a whole IPv6 /64 (RFC 6177) and can pick any address in it at will. */
export const DEFAULT_IPV6_PREFIX_LENGTH = 64;

/** Throws a RangeError unless `length` is a whole number of bits from 1 to 128. */
export function checkIpv6PrefixLength(length: number): number {
  if (!Number.isInteger(length) || length < 1 || length > 128) {
    throw new RangeError(`ipv6PrefixLength must be a whole number of bits from 1 to 128, not ${length}`);
  }
  return length;
}

// #region address-key
/**
 * The key an anonymous client counts against. IPv4: the address (`ip:203.0.113.7`), also when it arrives IPv4-mapped
 * (`::ffff:203.0.113.7`). IPv6: the network of `ipv6PrefixLength` bits in RFC 5952 form (`ip:2001:db8:1:2::/64`),
 * because keying by the whole address gives a client with a /64 eighteen quintillion fresh buckets.
 *
 * @example
 * addressKey('2001:db8:1:2::99'); // 'ip:2001:db8:1:2::/64'
 */
export function addressKey(address: string, ipv6PrefixLength = DEFAULT_IPV6_PREFIX_LENGTH): string {
  checkIpv6PrefixLength(ipv6PrefixLength);
  const plain = address.trim().replace(/%.*$/, ''); // a zone index (`fe80::1%eth0`) names our interface, not the client
  if (isIP(plain) !== 6) return `ip:${plain}`;
  const groups = ipv6Groups(plain);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return `ip:${[high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')}`;
  }
  const network = groups.map((group, i) => group & groupMask(ipv6PrefixLength - 16 * i));
  return `ip:${rfc5952(network)}/${ipv6PrefixLength}`;
}
// #endregion address-key

/** The eight 16-bit groups of a valid IPv6 address (`isIP` said so), `::` expanded and a dotted IPv4 tail split. */
function ipv6Groups(address: string): number[] {
  const toGroups = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((piece) => {
          if (!piece.includes('.')) return [parseInt(piece, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = address.split('::');
  const left = toGroups(head);
  if (tail === undefined) return left;
  const right = toGroups(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The mask for one group when `bits` of the prefix are left for it (none, some, or all 16). */
function groupMask(bits: number): number {
  const kept = Math.min(16, Math.max(0, bits));
  return (0xffff << (16 - kept)) & 0xffff;
}

/** Lower-case hex without leading zeros; the longest run of two or more zero groups (the first on a tie) as `::`. */
function rfc5952(groups: readonly number[]): string {
  let best = { start: -1, length: 1 };
  for (let i = 0; i < groups.length;) {
    let end = i;
    while (groups[end] === 0) end += 1;
    if (end - i > best.length) best = { start: i, length: end - i };
    i = end === i ? i + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.start === -1) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
