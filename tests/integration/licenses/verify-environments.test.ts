// What counts as one environment, over real HTTP: every spelling of a site is one activation, and
// without a domain the environment is the client IP: the socket address, X-Forwarded-For only
// behind a trusted proxy (TRUST_PROXY_HOPS).
import { describe, expect, it } from "vitest";
import { issueTestLicense, unique } from "../../helpers/factories";
import { describeLicenseApi, useExtraServer, verify } from "../../helpers/license-api-server";

describeLicenseApi("Verify API: environment identity", (suite) => {
  describe("domains", () => {
    const spellingGroups: { canonical: string; kind: "domain" | "ip"; spellings: string[] }[] = [
      {
        canonical: "example.com",
        kind: "domain",
        spellings: ["https://WWW.Example.COM:443/shop/", "example.com", "EXAMPLE.COM.", "http://user:pw@www.example.com/?p=1#top", "//example.com:8080"],
      },
      { canonical: "shop.example.org", kind: "domain", spellings: ["shop.example.org", "https://www.shop.example.org/wp-admin/"] },
      { canonical: "xn--bcher-kva.de", kind: "domain", spellings: ["https://Bücher.de/", "xn--bcher-kva.de", "BÜCHER.DE"] },
      { canonical: "203.0.113.9", kind: "ip", spellings: ["203.0.113.9", "http://203.0.113.9:8080/", "[::ffff:203.0.113.9]"] },
      { canonical: "2001:db8::1", kind: "ip", spellings: ["[2001:DB8:0:0::1]:443", "https://[2001:db8::1]/x", "2001:db8::0:1"] },
    ];

    it.each(spellingGroups)("counts every spelling of $canonical as one activation", async ({ canonical, kind, spellings }) => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      const answers = [];
      for (const domain of spellings) answers.push(await verify(suite.server(), { key: license.key, domain }));

      expect(answers.map((a) => a.json.code)).toEqual(spellings.map(() => "VALID"));
      expect(answers.map((a) => a.json.environment)).toEqual(
        spellings.map((_, i) => ({ value: canonical, kind, activated: i === 0, local: false })),
      );
      expect(answers.map((a) => a.json.activations?.used)).toEqual(spellings.map(() => 1));
      const rows = await suite.db().activation.findMany({ where: { licenseId: license.id } });
      expect(rows.map((r) => ({ environment: r.environment, kind: r.kind, rawValue: r.rawValue }))).toEqual([
        { environment: canonical, kind, rawValue: spellings[0] },
      ]);
    });

    it("keeps distinct sites distinct (a subdomain is its own environment)", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 3 });
      const base = `distinct-${unique()}.com`;
      const answers = [];
      for (const domain of [base, `blog.${base}`, `www.${base}`]) answers.push(await verify(suite.server(), { key: license.key, domain }));
      expect(answers.map((a) => [a.json.environment.value, a.json.environment.activated])).toEqual([
        [base, true],
        [`blog.${base}`, true],
        [base, false],
      ]);
    });
  });

  describe("no domain: the client IP", () => {
    it("uses the socket address (127.0.0.1) and records it", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
      const first = await verify(suite.server(), { key: license.key }, { headers: { "User-Agent": "WordPress/6.8; https://x" } });
      expect(first.json).toMatchObject({ code: "VALID", environment: { value: "127.0.0.1", kind: "ip", activated: true } });
      const row = await suite.db().activation.findFirstOrThrow({ where: { licenseId: license.id } });
      expect(row).toMatchObject({ environment: "127.0.0.1", kind: "ip", rawValue: "127.0.0.1", ip: "127.0.0.1", userAgent: "WordPress/6.8; https://x" });
    });

    it("ignores a spoofed X-Forwarded-For when no proxy is trusted (TRUST_PROXY_HOPS=0)", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 5 });
      const answers = [];
      for (const forwarded of ["203.0.113.7", "198.51.100.1, 203.0.113.8", "garbage"]) {
        answers.push(await verify(suite.server(), { key: license.key }, { headers: { "X-Forwarded-For": forwarded } }));
      }
      expect(answers.map((a) => a.json.environment.value)).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
      expect(answers.map((a) => a.json.activations?.used)).toEqual([1, 1, 1]);
    });

    it("records the domain's request IP beside a domain environment", async () => {
      const { license } = await issueTestLicense(suite.db());
      const domain = `ip-beside-${unique()}.com`;
      await verify(suite.server(), { key: license.key, domain }, { headers: { "X-Forwarded-For": "203.0.113.99" } });
      const row = await suite.db().activation.findFirstOrThrow({ where: { licenseId: license.id } });
      expect(row).toMatchObject({ environment: domain, kind: "domain", ip: "127.0.0.1" });
    });

    describe("behind one trusted proxy (TRUST_PROXY_HOPS=1)", () => {
      const proxied = useExtraServer(suite, { TRUST_PROXY_HOPS: 1 });

      it.each([
        ["the proxy's entry (the rightmost)", "198.51.100.1, 203.0.113.7", "203.0.113.7"],
        ["a single entry", "203.0.113.20", "203.0.113.20"],
        ["an IPv4-mapped IPv6 entry, as IPv4", "::ffff:203.0.113.21", "203.0.113.21"],
        ["an IPv6 entry, compressed", "2001:DB8:0:0:0:0:0:7", "2001:db8::7"],
        ["the socket address when the entry is not an IP", "not-an-ip", "127.0.0.1"],
      ])("uses %s", async (_label, forwarded, expected) => {
        const { license } = await issueTestLicense(suite.db());
        const answer = await verify(proxied(), { key: license.key }, { headers: { "X-Forwarded-For": forwarded } });
        expect(answer.json).toMatchObject({ code: "VALID", environment: { value: expected, kind: "ip", activated: true } });
      });

      it("uses the socket address without the header", async () => {
        const { license } = await issueTestLicense(suite.db());
        const answer = await verify(proxied(), { key: license.key });
        expect(answer.json.environment).toMatchObject({ value: "127.0.0.1", kind: "ip" });
      });

      it("counts two forwarded clients as two activations, and each repeat once", async () => {
        const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
        const from = (ip: string) => verify(proxied(), { key: license.key }, { headers: { "X-Forwarded-For": ip } });
        const answers = [await from("203.0.113.30"), await from("203.0.113.31"), await from("203.0.113.30"), await from("203.0.113.32")];
        expect(answers.map((a) => a.json.code)).toEqual(["VALID", "VALID", "VALID", "MAX_ACTIVATIONS_EXCEEDED"]);
        expect(answers.map((a) => a.json.activations?.used)).toEqual([1, 2, 2, 2]);
      });
    });
  });
});
