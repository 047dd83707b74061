// Environment identity: what counts as one activation. Every spelling of the same site must map
// to one canonical value (`https://WWW.Example.COM:443/shop/` and `example.com` are one
// environment), and anything that is not a hostname or IP literal is rejected, never guessed at.
import { isIP, isIPv4 } from "node:net";
import { domainToASCII } from "node:url";

export type EnvironmentKind = "domain" | "ip";
export interface Environment {
  kind: EnvironmentKind;
  value: string;
}
export interface IpEnvironment {
  kind: "ip";
  value: string;
}
export type NormalizeDomainResult =
  | { ok: true; environment: Environment }
  | { ok: false; code: "INVALID_DOMAIN"; message: string };

/** Raw `domain` input longer than this is rejected before any parsing. */
export const DOMAIN_MAX_INPUT_LENGTH = 2048;
/** DNS limit on a name in text form, without the trailing dot. */
export const HOSTNAME_MAX_LENGTH = 253;

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;
const PORT = /^\d{0,5}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/**
 * A name that is already canonical except perhaps for `www.`: lower-case LDH labels, the last one
 * starting with a letter (so never an IPv4 number), no punycode label to validate. What installed
 * products send on almost every call; it skips the general parse.
 */
const PLAIN_HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const LOCAL_TLDS = new Set(["localhost", "local", "test", "example", "invalid"]);
const LOCAL_IPV4_RANGES: readonly (readonly [string, number])[] = [
  ["127.0.0.0", 8], // loopback
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["169.254.0.0", 16], // link-local
];

function invalid(message: string): NormalizeDomainResult {
  return { ok: false, code: "INVALID_DOMAIN", message };
}

/** Canonical text of an IP literal without zone id or brackets: dotted quad, or RFC 5952 IPv6. */
function canonicalIp(text: string): string | null {
  const version = isIP(text);
  if (version === 4) return text; // node's isIP rejects leading zeros, so this is canonical.
  if (version !== 6 || text.includes("%")) return null;
  // The WHATWG URL parser serialises IPv6 as RFC 5952: lower-case, longest zero run compressed.
  let ipv6: string;
  try {
    ipv6 = new URL(`http://[${text}]`).hostname.slice(1, -1);
  } catch {
    return null; // node:net and the URL parser disagree on some exotic forms; refuse those.
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ipv6);
  if (!mapped) return ipv6;
  const high = parseInt(mapped[1] ?? "0", 16);
  const low = parseInt(mapped[2] ?? "0", 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Splits `host[:port]` / `[ipv6][:port]` / bare IPv6; null when the port part is malformed. */
function splitHostPort(authority: string): { host: string; ipv6: boolean } | null {
  if (authority.startsWith("[")) {
    const end = authority.indexOf("]");
    const rest = authority.slice(end + 1);
    const port = rest.slice(1);
    if (end < 0 || (rest !== "" && !(rest.startsWith(":") && PORT.test(port)))) return null;
    if (Number(port) > 65535) return null;
    return { host: authority.slice(1, end), ipv6: true };
  }
  const colons = authority.split(":").length - 1;
  if (colons > 1) return { host: authority, ipv6: true }; // bare IPv6 cannot carry a port
  const [host = "", port] = authority.split(":");
  if (port !== undefined && (!PORT.test(port) || Number(port) > 65535)) return null;
  return { host, ipv6: false };
}

/**
 * The canonical environment for a `domain` field. Lower-cases and strips scheme, user info,
 * port, path, query, fragment, one trailing dot and one leading `www.` (only when a dotted name
 * remains, so `www.com` is not reduced to `com`); converts IDN to punycode. IPv4 dotted quads and
 * IPv6 (bracketed or bare; IPv4-mapped → IPv4) become `ip` environments. Anything else that is
 * not a valid hostname (labels 1–63 of a–z, 0–9, inner hyphens; ≤ 253 in all; single labels such
 * as `localhost` allowed) is INVALID_DOMAIN, as is input over 2048 characters.
 */
export function normalizeDomain(input: string): NormalizeDomainResult {
  if (input.length <= HOSTNAME_MAX_LENGTH && PLAIN_HOSTNAME.test(input) && !input.includes("xn--")) {
    return { ok: true, environment: { kind: "domain", value: withoutWww(input) } };
  }
  if (input.length > DOMAIN_MAX_INPUT_LENGTH) return invalid("Domain is too long");
  const text = input.trim().toLowerCase().replace(SCHEME, "").replace(/^\/\//, "");
  const authority = (text.split(/[/?#]/, 1)[0] ?? "").split("@").pop() ?? "";
  if (authority === "") return invalid("Domain is empty");
  if (/[\s%\\]/.test(authority)) return invalid("Domain has characters a hostname cannot have");

  const parts = splitHostPort(authority);
  if (parts === null) return invalid("Domain has a malformed port");
  if (parts.ipv6) {
    const ip = isIP(parts.host) === 6 ? canonicalIp(parts.host) : null;
    if (ip === null) return invalid("Not a valid IPv6 address");
    return { ok: true, environment: { kind: "ip", value: ip } };
  }
  const host = parts.host.endsWith(".") ? parts.host.slice(0, -1) : parts.host;
  if (host === "") return invalid("Domain is empty");
  if (isIP(host) === 4) return { ok: true, environment: { kind: "ip", value: host } };

  // domainToASCII applies IDNA (punycode, width folding, ideographic dots) and rejects forbidden
  // characters; it also reads numeric shorthands such as `1.2.3` as IPv4, which we refuse.
  const ascii = domainToASCII(host);
  if (ascii === "") return invalid("Not a valid hostname");
  if (isIP(ascii) !== 0) return invalid("IP addresses must be written as four decimal numbers");
  const labels = ascii.split(".");
  if (ascii.length > HOSTNAME_MAX_LENGTH || !labels.every((label) => LABEL.test(label))) {
    return invalid("Not a valid hostname");
  }
  return { ok: true, environment: { kind: "domain", value: withoutWww(ascii) } };
}

/** Drops one leading `www.` when a dotted name remains (`www.com` stays as it is). */
function withoutWww(hostname: string): string {
  return hostname.startsWith("www.") && hostname.indexOf(".", 4) > 0 ? hostname.slice(4) : hostname;
}

/**
 * The canonical IP of a socket or X-Forwarded-For address, or null when it is not an IP.
 * IPv4-mapped IPv6 becomes IPv4, IPv6 is compressed lower-case, zone ids (`%eth0`), brackets
 * and a port (`1.2.3.4:80`, `[::1]:80`) are dropped.
 */
export function normalizeClientIp(address: string): IpEnvironment | null {
  // The usual socket address: IPv4, or IPv4-mapped on a dual-stack listener (`::ffff:1.2.3.4`).
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIPv4(v4)) return { kind: "ip", value: v4 };
  let text = address.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1] ?? "";
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.indexOf(":"));
  text = text.split("%", 1)[0] ?? "";
  const value = canonicalIp(text);
  return value === null ? null : { kind: "ip", value };
}

/**
 * The client's IP. `trustProxy` is the number of reverse proxies in front of the app: 0 ignores
 * X-Forwarded-For (anyone can send it); n takes the n-th entry from the right, the one our
 * outermost trusted proxy appended. A missing, short or unparsable header, or an invalid
 * `trustProxy`, falls back to the socket address; null when that is not an IP either.
 */
export function clientIpFromRequest(request: {
  socketAddress: string | null | undefined;
  forwardedFor: string | readonly string[] | null | undefined;
  trustProxy: number;
}): IpEnvironment | null {
  const socket = request.socketAddress ? normalizeClientIp(request.socketAddress) : null;
  const hops = request.trustProxy;
  if (!Number.isSafeInteger(hops) || hops <= 0 || !request.forwardedFor) return socket;
  const { forwardedFor } = request;
  const header = typeof forwardedFor === "string" ? forwardedFor : forwardedFor.join(",");
  const entries = header.split(",");
  const entry = entries.length >= hops ? entries[entries.length - hops] : undefined;
  return (entry === undefined ? null : normalizeClientIp(entry)) ?? socket;
}

function ipv4Number(value: string): number {
  return value.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function inIpv4Range(value: string, base: string, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(ipv4Number(value) / size) === Math.floor(ipv4Number(base) / size);
}

/**
 * True for environments that are never a customer's live site: `localhost` and names under the
 * reserved `.localhost`, `.local`, `.test`, `.example` and `.invalid`; loopback (127.0.0.0/8, ::1),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7) and link-local (169.254/16, fe80::/10) IPs.
 * A store setting uses it so staging hosts take no activation slot.
 */
export function isLocalEnvironment(environment: Environment): boolean {
  if (environment.kind === "domain") {
    return LOCAL_TLDS.has(environment.value.split(".").pop() ?? "");
  }
  const ip = normalizeClientIp(environment.value)?.value;
  if (ip === undefined) return false;
  if (isIP(ip) === 4) {
    return LOCAL_IPV4_RANGES.some(([base, prefix]) => inIpv4Range(ip, base, prefix));
  }
  if (ip === "::1") return true;
  const first = ip.startsWith("::") ? 0 : parseInt(ip.split(":")[0] ?? "", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}
