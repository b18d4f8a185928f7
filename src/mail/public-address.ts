/**
 * Which network addresses relance may connect to on an owner's behalf (their own SMTP server). An owner types a host
 * name; without this check, relance would connect wherever it points, its own machine and private network included,
 * and the result would tell an open port from a closed one. Pure: no DNS here. The form checks the host as typed, and
 * the transport checks every address the name resolves to, just before connecting (transports/smtp.ts).
 */
export type AddressRefusal = 'loopback' | 'private' | 'link-local' | 'unspecified' | 'shared' | 'multicast' | 'reserved';

/** How each refusal reads to the owner: "127.0.0.1 is <this>". */
export const REFUSAL_WORDS: Record<AddressRefusal, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  'link-local': 'a link-local address',
  unspecified: 'an unspecified address',
  shared: 'a shared (carrier-grade NAT) address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/** [first address, prefix length, refusal], IPv4 as an unsigned 32-bit number. */
const V4_RANGES: readonly [string, number, AddressRefusal][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** A canonical dotted quad (what a resolver returns), as an unsigned 32-bit number. */
function dottedQuad(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/**
 * An IPv4 address in any form the C resolver accepts (inet_aton): 127.1, 0x7f.0.0.1, 0177.0.0.1, 2130706433. A host
 * typed like this reaches the address it spells, so it is judged as that address.
 */
function legacyIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(part)) n = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) n = Number.parseInt(part, 8);
    else if (/^[1-9]\d*$/.test(part)) n = Number(part);
    else return null;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255) || last >= 2 ** (8 * (4 - numbers.length))) return null;
  return numbers.reduce((sum, n, i) => sum + n * 2 ** (8 * (3 - i)), last) >>> 0;
}

/** An IPv6 address (`::`, an IPv4 tail and a zone allowed) as its eight 16-bit groups. */
function ipv6Groups(text: string): number[] | null {
  let s = text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':') || !/^[0-9a-f:.]+$/i.test(s)) return null;
  if (s.includes('.')) {
    const cut = s.lastIndexOf(':');
    const v4 = dottedQuad(s.slice(cut + 1));
    if (v4 === null) return null;
    s = `${s.slice(0, cut + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) =>
    part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? Number.parseInt(g, 16) : -1));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...head, ...tail].includes(-1)) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  if (head.length + tail.length > 7) return null;
  return [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function ipv4Refusal(n: number): AddressRefusal | null {
  for (const [base, bits, refusal] of V4_RANGES) {
    if (n >>> (32 - bits) === dottedQuad(base)! >>> (32 - bits)) return refusal;
  }
  return null;
}

function ipv6Refusal(g: number[]): AddressRefusal | null {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const v4 = (hi: number, lo: number) => ipv4Refusal(((hi << 16) | lo) >>> 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // an IPv4 address in IPv6 clothes is the IPv4 address: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64, 6to4
  if (zeroUpTo(5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zeroUpTo(6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'private'; // fc00::/7, unique local
  if ((first & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return 'private'; // fec0::/10, the old site-local
  if ((first & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  return null;
}

/**
 * Why relance may not connect to this address (an IP address as a resolver returns it), or null when it is public.
 * Something that is not an IP address at all is refused as reserved: the caller asked about an address.
 */
export function refusedAddress(address: string): AddressRefusal | null {
  const v4 = dottedQuad(address);
  if (v4 !== null) return ipv4Refusal(v4);
  const v6 = ipv6Groups(address.replace(/^\[(.*)\]$/, '$1'));
  if (v6) return ipv6Refusal(v6);
  return 'reserved';
}

/**
 * Why a host as the owner typed it cannot be their mail server, or null when only its DNS answer can tell: an IP
 * address in a refused range (in any spelling), or a name that always means this machine (localhost, *.localhost).
 */
export function refusedHost(host: string): AddressRefusal | null {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  const bare = h.replace(/^\[(.*)\]$/, '$1');
  const v6 = ipv6Groups(bare);
  if (v6) return ipv6Refusal(v6);
  const v4 = legacyIPv4(bare);
  if (v4 !== null) return ipv4Refusal(v4);
  return null;
}
