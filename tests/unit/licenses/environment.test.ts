import { describe, expect, it } from "vitest";
import {
  clientIpFromRequest,
  isLocalEnvironment,
  normalizeClientIp,
  normalizeDomain,
  type Environment,
} from "@/lib/licenses/environment";

const domain = (value: string): Environment => ({ kind: "domain", value });
const ip = (value: string): Environment => ({ kind: "ip", value });
const label63 = "a".repeat(63);
const name253 = [label63, label63, label63, "a".repeat(61)].join(".");

describe("normalizeDomain: accepted", () => {
  it.each([
    // schemes, www, case
    ["example.com", domain("example.com")],
    ["EXAMPLE.COM", domain("example.com")],
    ["https://WWW.Example.COM:443/shop/", domain("example.com")],
    ["http://example.com", domain("example.com")],
    ["HTTPS://example.com", domain("example.com")],
    ["ftp://files.example.com/pub", domain("files.example.com")],
    ["//example.com/path", domain("example.com")],
    ["www.example.com", domain("example.com")],
    ["www.www.example.com", domain("www.example.com")],
    ["shop.www.example.com", domain("shop.www.example.com")],
    ["www.com", domain("www.com")],
    ["www.localhost", domain("www.localhost")],
    ["  example.com \n", domain("example.com")],
    // port, path, query, fragment, user info, trailing dot
    ["example.com:8080", domain("example.com")],
    ["example.com:", domain("example.com")],
    ["example.com/wp-admin/index.php", domain("example.com")],
    ["example.com?page=1", domain("example.com")],
    ["example.com#top", domain("example.com")],
    ["https://example.com:8443/a/b?c=d#e", domain("example.com")],
    ["https://user:secret@example.com/", domain("example.com")],
    ["admin@example.com", domain("example.com")],
    ["example.com.", domain("example.com")],
    ["https://www.example.com.:443/", domain("example.com")],
    // IDN
    ["münchen.de", domain("xn--mnchen-3ya.de")],
    ["MÜNCHEN.DE", domain("xn--mnchen-3ya.de")],
    ["https://www.bücher.example/", domain("xn--bcher-kva.example")],
    ["xn--mnchen-3ya.de", domain("xn--mnchen-3ya.de")],
    ["例え.テスト", domain("xn--r8jz45g.xn--zckzah")],
    ["ｅｘａｍｐｌｅ。com", domain("example.com")],
    // single labels, hyphens, lengths
    ["localhost", domain("localhost")],
    ["http://localhost:3000/", domain("localhost")],
    ["my-shop.test", domain("my-shop.test")],
    ["a--b.example.com", domain("a--b.example.com")],
    ["123.example.com", domain("123.example.com")],
    [`${label63}.com`, domain(`${label63}.com`)],
    [name253, domain(name253)],
    // IP literals
    ["192.168.1.10", ip("192.168.1.10")],
    ["http://203.0.113.7:8080/wp", ip("203.0.113.7")],
    ["1.2.3.4.", ip("1.2.3.4")],
    ["[2001:DB8::1]:8443", ip("2001:db8::1")],
    ["https://[2001:db8:0:0:0:0:0:1]/shop", ip("2001:db8::1")],
    ["2001:db8:0:0:1:0:0:1", ip("2001:db8::1:0:0:1")],
    ["::1", ip("::1")],
    ["[::1]", ip("::1")],
    ["::ffff:1.2.3.4", ip("1.2.3.4")],
    ["http://[::ffff:192.168.0.1]:80/", ip("192.168.0.1")],
  ])("%j → %j", (input, expected) => {
    expect(normalizeDomain(input)).toEqual({ ok: true, environment: expected });
  });

  it("answers a bare lower-case name (its fast path) exactly as the full parse answers the same name in a URL", () => {
    const names = [
      "example.com", "www.example.com", "www.com", "www.www.example.com", "localhost", "a.b.c.d.e.f.example",
      "shop-1.example.co.uk", "1password.com", "123.example.com", "a--b.example.com", "x".repeat(63) + ".com",
      `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`, "wwwexample.com", "www.example",
    ];
    for (const name of names) expect([name, normalizeDomain(name)]).toEqual([name, normalizeDomain(`http://${name}/`)]);
  });

  it("gives every spelling of a site the same environment", () => {
    const spellings = ["https://WWW.Example.COM:443/shop/", "example.com", "http://example.com."];
    const values = spellings.map((s) => normalizeDomain(s));
    for (const value of values) expect(value).toEqual(values[0]);
  });
});

describe("normalizeDomain: rejected", () => {
  it.each([
    ["empty", ""],
    ["whitespace only", "   \t "],
    ["spaces inside", "not a domain"],
    ["tab inside", "exa\tmple.com"],
    ["scheme only", "http://"],
    ["user info only", "http://user@/"],
    ["path only", "/shop"],
    ["leading and trailing hyphen", "-bad-.com"],
    ["trailing hyphen", "bad-.com"],
    ["empty label", "a..b"],
    ["leading dot", ".example.com"],
    ["two trailing dots", "example.com.."],
    ["dot only", "."],
    ["label over 63", `${"a".repeat(64)}.com`],
    ["name over 253", `${name253}a`],
    ["underscore", "my_site.example.com"],
    ["punctuation", "ex!ample.com"],
    ["percent-encoding", "ex%41mple.com"],
    ["backslash", "example.com\\shop"],
    ["port out of range", "example.com:99999"],
    ["named port", "example.com:http"],
    ["unclosed bracket", "[2001:db8::1"],
    ["junk after bracket", "[::1]x"],
    ["hostname in brackets", "[example.com]"],
    ["IPv4 in brackets", "[1.2.3.4]"],
    ["bad IPv6", "2001:db8:::1"],
    ["IPv6 zone id", "fe80::1%eth0"],
    ["IPv4 shorthand", "1.2.3"],
    ["hex IPv4", "0x7f.0.0.1"],
    ["octet over 255", "256.1.1.1"],
    ["leading zero octet", "01.2.3.4"],
    ["five octets", "1.2.3.4.5"],
    ["numeric top-level label", "example.123"],
    ["invalid punycode", "xn--a.com"],
    ["raw input over 2048", `example.com/${"a".repeat(2048)}`],
  ])("%s: %j", (_name, input) => {
    const result = normalizeDomain(input);
    expect(result).toMatchObject({ ok: false, code: "INVALID_DOMAIN" });
    expect(result.ok ? "" : result.message).not.toBe("");
  });
});

describe("normalizeClientIp", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::ffff:01.2.3.4", null],
    ["::FFFF:7F00:1", "127.0.0.1"],
    ["::1", "::1"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["1.2.3.4:5678", "1.2.3.4"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    [" 1.2.3.4 ", "1.2.3.4"],
    ["", null],
    ["unknown", null],
    ["example.com", null],
    ["01.2.3.4", null],
    ["1.2.3.4:port", null],
  ])("%j → %j", (input, expected) => {
    expect(normalizeClientIp(input)).toEqual(expected === null ? null : ip(expected));
  });
});

describe("clientIpFromRequest", () => {
  const socketAddress = "::ffff:10.0.0.5";
  it.each([
    ["trust 0 ignores the header", "203.0.113.9", 0, "10.0.0.5"],
    ["trust 1 takes the right-most entry", "6.6.6.6, 203.0.113.9", 1, "203.0.113.9"],
    ["trust 2 takes the second from the right", "6.6.6.6, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"],
    ["repeated headers are one list", ["6.6.6.6", "203.0.113.9"], 1, "203.0.113.9"],
    ["entries may carry ports", "[2001:db8::7]:51000", 1, "2001:db8::7"],
    ["mapped entries become IPv4", "::ffff:203.0.113.9", 1, "203.0.113.9"],
    ["garbage falls back to the socket", "6.6.6.6, garbage", 1, "10.0.0.5"],
    ["empty entry falls back to the socket", "6.6.6.6,", 1, "10.0.0.5"],
    ["a header shorter than the hop count falls back", "203.0.113.9", 2, "10.0.0.5"],
    ["no header falls back", null, 1, "10.0.0.5"],
    ["empty header falls back", "", 1, "10.0.0.5"],
    ["negative trust ignores the header", "203.0.113.9", -1, "10.0.0.5"],
    ["fractional trust ignores the header", "203.0.113.9", 0.5, "10.0.0.5"],
    ["NaN trust ignores the header", "203.0.113.9", Number.NaN, "10.0.0.5"],
  ])("%s", (_name, forwardedFor, trustProxy, expected) => {
    expect(clientIpFromRequest({ socketAddress, forwardedFor, trustProxy })).toEqual(ip(expected));
  });

  it("is null when neither the header nor the socket gives an IP", () => {
    const fromGarbage = { socketAddress: undefined, forwardedFor: "x", trustProxy: 1 };
    expect(clientIpFromRequest(fromGarbage)).toBeNull();
    const fromNothing = { socketAddress: "", forwardedFor: null, trustProxy: 0 };
    expect(clientIpFromRequest(fromNothing)).toBeNull();
  });
});

describe("isLocalEnvironment", () => {
  it.each([
    [domain("localhost"), true],
    [domain("shop.localhost"), true],
    [domain("printer.local"), true],
    [domain("my-shop.test"), true],
    [domain("staging.example"), true],
    [domain("nothing.invalid"), true],
    [domain("example.com"), false],
    [domain("localhost.example.com"), false],
    [domain("test.com"), false],
    [domain("xn--mnchen-3ya.de"), false],
    [ip("127.0.0.1"), true],
    [ip("127.255.255.254"), true],
    [ip("10.1.2.3"), true],
    [ip("172.16.0.1"), true],
    [ip("172.31.255.255"), true],
    [ip("172.32.0.1"), false],
    [ip("172.15.255.255"), false],
    [ip("192.168.1.1"), true],
    [ip("192.169.0.1"), false],
    [ip("169.254.169.254"), true],
    [ip("8.8.8.8"), false],
    [ip("203.0.113.9"), false],
    [ip("::1"), true],
    [ip("fc00::1"), true],
    [ip("fd12:3456::1"), true],
    [ip("fe80::1"), true],
    [ip("febf::1"), true],
    [ip("fec0::1"), false],
    [ip("2001:db8::1"), false],
    [ip("::"), false],
    [ip("not-an-ip"), false],
  ])("%j → %s", (environment, expected) => {
    expect(isLocalEnvironment(environment)).toBe(expected);
  });
});
