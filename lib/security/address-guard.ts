import dns from "node:dns";
import net, { type LookupFunction } from "node:net";

/**
 * Which addresses the server may fetch from on someone else's word (a user's image URL, a host's
 * result URL): public unicast only. Everything that reaches this machine, its network or its
 * cloud's metadata service is refused with the rule that matched, so the message says why.
 */

export interface AddressRule {
  /** Reads after "is" / "resolves to": "a private address". */
  label: string;
  v4?: readonly string[];
  v6?: readonly string[];
}

// Order matters: the first rule that matches names the refusal (metadata before link-local).
const RULES: readonly AddressRule[] = [
  { label: "the cloud metadata address", v4: ["169.254.169.254/32", "100.100.100.200/32"], v6: ["fd00:ec2::254/128"] },
  { label: "an unspecified address", v4: ["0.0.0.0/8"], v6: ["::/128"] },
  { label: "a loopback address", v4: ["127.0.0.0/8"], v6: ["::1/128"] },
  { label: "a private address", v4: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] },
  { label: "a shared (CGNAT) address", v4: ["100.64.0.0/10"] },
  { label: "a link-local address", v4: ["169.254.0.0/16"], v6: ["fe80::/10"] },
  { label: "a unique local (private) address", v6: ["fc00::/7"] },
  { label: "a site-local address", v6: ["fec0::/10"] },
  { label: "a multicast address", v4: ["224.0.0.0/4"], v6: ["ff00::/8"] },
  { label: "a reserved address", v4: ["240.0.0.0/4", "192.0.0.0/24", "192.88.99.0/24", "198.18.0.0/15"], v6: ["100::/64"] },
  { label: "a documentation address", v4: ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"], v6: ["2001:db8::/32"] },
  // Both embed an address we cannot check (Teredo obfuscates it; local-use NAT64 places it anywhere).
  { label: "a Teredo tunnel address", v6: ["2001::/32"] },
  { label: "a local-use NAT64 address", v6: ["64:ff9b:1::/48"] },
];

const compiled = RULES.map((rule) => {
  const list = new net.BlockList();
  for (const cidr of rule.v4 ?? []) list.addSubnet(cidr.split("/")[0], Number(cidr.split("/")[1]), "ipv4");
  for (const cidr of rule.v6 ?? []) list.addSubnet(cidr.split("/")[0], Number(cidr.split("/")[1]), "ipv6");
  return { label: rule.label, list };
});

/** The 16 bytes of an IPv6 address (net.isIPv6 already said it is one). */
function ipv6Bytes(address: string): number[] {
  let text = address.split("%")[0];
  const bytes: number[] = [];
  // A trailing dotted quad (::ffff:1.2.3.4) is the last 32 bits.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: number[] = [];
  if (quad) {
    tail = quad[1].split(".").map(Number);
    text = text.slice(0, -quad[1].length) + "0:0";
  }
  const [head, rest] = text.includes("::") ? text.split("::") : [text, undefined];
  const groups = (part: string | undefined) => (part ? part.split(":").filter((g) => g !== "") : []);
  const left = groups(head);
  const right = groups(rest);
  const all = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  for (const group of all) {
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  if (quad) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * An IPv4 address carried inside an IPv6 one, which reaches that IPv4 host: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 */
function embeddedIpv4(bytes: number[]): { form: string; address: string } | null {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const quad = (at: number) => bytes.slice(at, at + 4).join(".");
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return { form: "IPv4-mapped", address: quad(12) };
  if (zero(0, 12)) return { form: "IPv4-compatible", address: quad(12) };
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) return { form: "NAT64", address: quad(12) };
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return { form: "6to4", address: quad(2) };
  return null;
}

export interface Refusal {
  /** The rule that matched: "a private address". */
  rule: string;
  /** The rule with the address, as a message says it: "a private address 10.0.0.5". */
  phrase: string;
}

/** Why an IP address may not be fetched, or null for a public one. */
export function addressRefusal(address: string): Refusal | null {
  const family = net.isIP(address);
  if (family === 0) return { rule: "not an IP address", phrase: `not an IP address (${address})` };
  const bare = address.split("%")[0];
  const direct = (type: "ipv4" | "ipv6") => compiled.find((r) => r.list.check(bare, type));
  if (family === 4) {
    const rule = direct("ipv4");
    return rule ? { rule: rule.label, phrase: `${rule.label} ${bare}` } : null;
  }
  // An embedded IPv4 address is judged as itself, and the message says in which form it came
  // (:: and ::1 are in the IPv4-compatible range, but their own rules name them better).
  const embedded = bare === "::" || bare === "::1" ? null : embeddedIpv4(ipv6Bytes(bare));
  if (!embedded) {
    const rule = direct("ipv6");
    return rule ? { rule: rule.label, phrase: `${rule.label} ${bare}` } : null;
  }
  const inner = addressRefusal(embedded.address);
  if (!inner) return null;
  return { rule: inner.rule, phrase: `${inner.phrase} in ${embedded.form} form (${bare})` };
}

export class AddressRefusedError extends Error {
  override name = "AddressRefusedError";
}

/** host[:port] entries that skip the address rules (IMAGE_FETCH_ALLOW_HOSTS: tests, intranets). */
export interface AllowedHost {
  hostname: string;
  /** null: any port. */
  port: string | null;
}

const ENTRY = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s]+)(?::(\d{1,5}))?$/;

/** Parses one IMAGE_FETCH_ALLOW_HOSTS entry; null when it is not host or host:port. */
export function parseAllowedHost(entry: string): AllowedHost | null {
  const match = ENTRY.exec(entry.trim());
  if (!match || !URL.canParse(`http://${match[1]}/`)) return null;
  // Normalised as a URL's host is (0x7f.1 is 127.0.0.1), so an entry matches however it is written.
  return { hostname: new URL(`http://${match[1]}/`).hostname, port: match[2] ?? null };
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/**
 * An origin on this machine under each of its loopback names (same scheme and port): Next reports
 * a request to 127.0.0.1 as localhost, so our sandbox's result URLs come back under either.
 */
export function loopbackAliases(origin: string): string[] {
  const url = new URL(origin);
  if (!LOOPBACK_NAMES.includes(url.hostname)) return [url.origin];
  return LOOPBACK_NAMES.map((name) => `${url.protocol}//${name}${url.port ? `:${url.port}` : ""}`);
}

const defaultPort = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

export function isAllowedHost(url: URL, allowed: readonly AllowedHost[]): boolean {
  return allowed.some((a) => a.hostname === url.hostname && (a.port === null || a.port === defaultPort(url)));
}

/**
 * The URL as we may fetch it, or an AddressRefusedError naming the rule: http(s) only, no
 * credentials, and an IP literal (in any form the URL parser reads: 2130706433, 0x7f.1,
 * 017700000001, [::ffff:7f00:1]) must be public. A name is checked when it is resolved, at
 * connect time (`guardedLookup`), so a DNS answer cannot change between the check and the use.
 */
export function checkFetchUrl(raw: string | URL, what = "The URL"): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AddressRefusedError(`${what} is not a valid absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AddressRefusedError(`${what} must be http or https, not ${url.protocol.replace(/:$/, "")}`);
  }
  if (url.username || url.password) throw new AddressRefusedError(`${what} must not carry a user name or password`);
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(literal)) {
    const refusal = addressRefusal(literal);
    if (refusal) throw new AddressRefusedError(`${what} points at ${refusal.phrase}; only public addresses are fetched`);
  }
  return url;
}

/**
 * A socket `lookup` that resolves the name and refuses it when any of its addresses is not
 * public: the check happens on the very answer the connection uses (no DNS rebinding window).
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    for (const { address } of addresses) {
      const refusal = addressRefusal(address);
      if (refusal) {
        return callback(new AddressRefusedError(`${hostname} resolves to ${refusal.phrase}; only public addresses are fetched`) as NodeJS.ErrnoException, "", 4);
      }
    }
    if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 4);
    if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
};

/**
 * For requests that cannot use `guardedLookup` (global fetch has no socket lookup): the URL's
 * checks, then its name resolved and every address checked. A DNS answer could still change
 * before fetch resolves the name again, so this serves addresses a host hands us (a polling URL)
 * to requests we would make anyway, not a user's URLs (those go through guarded-fetch.ts).
 */
export async function checkResolvedUrl(raw: string | URL, what = "The URL"): Promise<URL> {
  const url = checkFetchUrl(raw, what);
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(literal)) return url;
  const addresses = await dns.promises.lookup(literal, { all: true }).catch(() => []);
  for (const { address } of addresses) {
    const refusal = addressRefusal(address);
    if (refusal) throw new AddressRefusedError(`${what} (${url.hostname}) resolves to ${refusal.phrase}; only public addresses are fetched`);
  }
  return url;
}
