// The harness the SDK's scenario tests stand on, tested on its own: a real WordPress
// (tests/helpers/wordpress.ts) and the misbehaving proxy (tests/helpers/fault-proxy.ts).
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy";
import { wordPressForFile } from "../helpers/wordpress";

describe("a real WordPress", () => {
  const wp = wordPressForFile({ title: "Harness Site", constants: { HARNESS_CONSTANT: "from the test" } });
  let scratch = "";
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "cp-wp-harness-"));
  });
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** A plugin folder `<slug>/<slug>.php` in the scratch folder, with a header and `body`. */
  async function writePlugin(slug: string, body: string): Promise<string> {
    const folder = path.join(scratch, slug);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, `${slug}.php`), `<?php\n/**\n * Plugin Name: ${slug}\n * Version: 1.0.0\n */\n${body}\n`);
    return folder;
  }

  test("installs, and answers / to a visitor and /wp-admin/ to the signed-in admin", async () => {
    const site = wp.site();
    const home = await site.get("/");
    expect(home.status).toBe(200);
    expect(home.body).toContain("Harness Site");

    const admin = await site.admin();
    const dashboard = await admin.get("/wp-admin/");
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain("wp-admin-bar");
    expect(dashboard.url).toBe(`${site.url}/wp-admin/`);
  });

  test("php() runs inside WordPress and returns the decoded value; the test's constants come first", async () => {
    const site = wp.site();
    expect(await site.php<string>('return get_bloginfo("version");')).toMatch(/^6\.1/);
    expect(await site.php('return array( "url" => home_url(), "constant" => HARNESS_CONSTANT, "admin" => is_admin() );')).toEqual({
      url: site.url,
      constant: "from the test",
      admin: false,
    });
    expect(await site.php("return array( is_admin(), current_user_can( 'activate_plugins' ) );", { admin: true })).toEqual([true, true]);
    expect(await site.php("return getenv( 'HARNESS_ENV' );", { env: { HARNESS_ENV: "passed" } })).toBe("passed");
  });

  test("a plugin installs from a folder, activates (its activation hook runs) and deactivates (its deactivation hook runs)", async () => {
    const site = wp.site();
    const source = await writePlugin(
      "harness-probe",
      `register_activation_hook( __FILE__, function () { update_option( 'harness_probe_activated', 'yes' ); } );
register_deactivation_hook( __FILE__, function () { update_option( 'harness_probe_deactivated', 'yes' ); } );`,
    );
    const state = "return array( get_option( 'harness_probe_activated' ), get_option( 'harness_probe_deactivated' ), is_plugin_active( 'harness-probe/harness-probe.php' ) );";
    await site.installPlugin(source, "harness-probe");
    expect(await site.php(state, { admin: true })).toEqual([false, false, false]);

    await site.activatePlugin("harness-probe/harness-probe.php");
    expect(await site.php(state, { admin: true })).toEqual(["yes", false, true]);

    await site.deactivatePlugin("harness-probe/harness-probe.php");
    expect(await site.php(state, { admin: true })).toEqual(["yes", "yes", false]);
  });

  test("activating a plugin that prints output fails with WordPress's own complaint", async () => {
    const site = wp.site();
    await site.installPlugin(await writePlugin("harness-noisy", "echo 'hello';"), "harness-noisy");
    await expect(site.activatePlugin("harness-noisy/harness-noisy.php")).rejects.toThrow(/unexpected_output/);
  });

  test("a PHP warning in the runner shows up once in phpErrors(), with its file and line", async () => {
    const site = wp.site();
    const file = path.join(site.dir, "harness-warning.php");
    await writeFile(file, "<?php\nfunction harness_warn() {\n\t$list = array();\n\treturn $list['missing'];\n}\n");
    expect(await site.php("require_once ABSPATH . 'harness-warning.php'; return harness_warn();")).toBeNull();
    const warnings = (await site.phpErrors()).filter((line) => line.includes(`${file}:4`));
    expect(warnings).toEqual([`Warning: Undefined array key "missing" at ${file}:4`]);
  });

  test("a fatal error, an uncaught exception or exit in the runner rejects php() with PHP's message", async () => {
    const site = wp.site();
    await expect(site.php("function wp_die() {}")).rejects.toThrow(/PHP Fatal error: Cannot redeclare wp_die\(\)/);
    await expect(site.php("throw new DomainException( 'harness says no' );")).rejects.toThrow(/Uncaught DomainException: harness says no/);
    await expect(site.php("echo 'last words'; exit;")).rejects.toThrow(/exited[\s\S]*last words/);
    expect(await site.php("return 'still fine';")).toBe("still fine");
  });

  test("a must-use plugin loads on the front end; a plugin's admin page and admin-post.php answer the admin", async () => {
    const site = wp.site();
    const file = path.join(scratch, "harness-mu.php");
    await writeFile(
      file,
      `<?php
add_action( 'wp_footer', function () { echo '<!-- harness-mu-plugin -->'; } );
add_action( 'admin_menu', function () {
\tadd_options_page( 'Harness', 'Harness', 'manage_options', 'harness-page', function () {
\t\techo '<p id="harness-got">got=' . esc_html( wp_unslash( $_GET['got'] ?? '' ) ) . '</p>';
\t\techo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
\t\techo '<input type="hidden" name="action" value="harness_echo">';
\t\twp_nonce_field( 'harness_echo' );
\t\techo '<input type="text" name="harness_value" value="">';
\t\tsubmit_button( 'Send' );
\t\techo '</form>';
\t} );
} );
add_action( 'admin_post_harness_echo', function () {
\tcheck_admin_referer( 'harness_echo' );
\twp_safe_redirect( admin_url( 'options-general.php?page=harness-page&got=' . rawurlencode( wp_unslash( $_POST['harness_value'] ) ) ) );
\texit;
} );
`,
    );
    await site.installMuPlugin(file);
    expect((await site.get("/")).body).toContain("<!-- harness-mu-plugin -->");

    const admin = await site.admin();
    const page = await admin.get("/wp-admin/options-general.php?page=harness-page");
    expect(page.status).toBe(200);
    expect(page.body).toContain('<p id="harness-got">got=</p>');

    const sent = await admin.submitForm("/wp-admin/options-general.php?page=harness-page", {
      containing: "harness_value",
      values: { harness_value: "a b&c" },
    });
    expect(sent.url).toBe(`${site.url}/wp-admin/options-general.php?page=harness-page&got=a%20b%26c`);
    expect(sent.body).toContain('<p id="harness-got">got=a b&amp;c</p>');

    // A nonce is bound to the session, so one made in the CLI (no session) is refused over HTTP.
    const cliNonce = await site.php<string>("return wp_create_nonce( 'harness_echo' );", { admin: true });
    const refused = await admin.post("/wp-admin/admin-post.php", { action: "harness_echo", harness_value: "x", _wpnonce: cliNonce });
    expect(refused.status).toBe(403);
  });

  test("submitForm sends WordPress's own Settings → General form with its nonce and hidden fields", async () => {
    const site = wp.site();
    const admin = await site.admin();
    const before = await site.php<Record<string, string>>("return array( 'email' => get_option( 'admin_email' ), 'tz' => get_option( 'timezone_string' ), 'date' => get_option( 'date_format' ) );");
    const saved = await admin.submitForm("/wp-admin/options-general.php", { containing: "blogname", values: { blogname: "Renamed & saved" } });
    expect(saved.status).toBe(200);
    expect(saved.url).toContain("settings-updated=true");
    expect(await site.php("return get_option( 'blogname' );")).toBe("Renamed &amp; saved"); // WordPress stores it escaped
    expect(await site.php("return array( 'email' => get_option( 'admin_email' ), 'tz' => get_option( 'timezone_string' ), 'date' => get_option( 'date_format' ) );")).toEqual(before);
  });
});

describe("the fault proxy", () => {
  // A stand-in for the store: a signed Verify-like answer, a redirect, a non-JSON body and an echo.
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const SIGNED_BODY = Buffer.from('{"valid":false,"code":"REVOKED","license":{"status":"revoked"}}');
  const SIGNATURE = sign(null, SIGNED_BODY, privateKey).toString("base64");
  let upstream: Server;
  let upstreamUrl = "";
  let upstreamHits = 0;
  let proxy: FaultProxy;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      upstreamHits++;
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        if (request.url === "/signed") {
          response.writeHead(200, { "content-type": "application/json", "x-cp-signature": SIGNATURE, "x-cp-signature-key-id": "harness-key" });
          return void response.end(SIGNED_BODY);
        }
        if (request.url === "/redirect") {
          response.writeHead(302, { location: `${upstreamUrl}/signed` });
          return void response.end();
        }
        if (request.url === "/plain") {
          response.writeHead(200, { "content-type": "application/zip" });
          return void response.end(Buffer.from("PK\x03\x04 not really a zip"));
        }
        response.writeHead(200, { "content-type": "application/json" });
        const body = Buffer.concat(chunks).toString();
        response.end(JSON.stringify({ method: request.method, url: request.url, host: request.headers.host, agent: request.headers["user-agent"], body }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    proxy = await startFaultProxy(upstreamUrl);
  });
  afterAll(async () => {
    await proxy?.stop();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  type RawAnswer = { status: number; headers: IncomingHttpHeaders; rawHeaders: string[]; body: Buffer };

  /** node:http rather than fetch: it shows a header sent twice as two entries of rawHeaders. */
  function request(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(`${proxy.url}${path}`, { method: init.method ?? "GET", headers: init.headers, agent: false }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, rawHeaders: answer.rawHeaders, body: Buffer.concat(chunks) }));
        answer.on("error", reject);
      });
      outgoing.on("error", reject);
      outgoing.end(init.body);
    });
  }

  const verifies = (body: Buffer, signature: string | undefined) =>
    signature !== undefined && verify(null, body, publicKey, Buffer.from(signature, "base64"));
  const signatureLines = (answer: RawAnswer) =>
    answer.rawHeaders.filter((_, index) => index % 2 === 0 && answer.rawHeaders[index]?.toLowerCase() === "x-cp-signature").length;

  test("pass: forwards method, path, query, headers and body with Host rewritten, and returns the answer intact", async () => {
    proxy.setMode("pass");
    proxy.clearRequests();
    const echoed = await request("/echo?x=1&y=two", { method: "POST", body: "a=1", headers: { "user-agent": "WordPress/6.1.9; http://example.test", "content-type": "application/x-www-form-urlencoded" } });
    expect(JSON.parse(echoed.body.toString())).toEqual({ method: "POST", url: "/echo?x=1&y=two", host: new URL(upstreamUrl).host, agent: "WordPress/6.1.9; http://example.test", body: "a=1" });

    const signed = await request("/signed");
    expect(signed.status).toBe(200);
    expect(signed.headers["content-type"]).toBe("application/json");
    expect(signed.headers["content-length"]).toBe(String(SIGNED_BODY.length));
    expect(signed.headers["x-cp-signature-key-id"]).toBe("harness-key");
    expect(signed.body.equals(SIGNED_BODY)).toBe(true);
    expect(verifies(signed.body, signed.headers["x-cp-signature"] as string)).toBe(true);

    const redirect = await request("/redirect");
    expect([redirect.status, redirect.headers.location]).toEqual([302, `${upstreamUrl}/signed`]);
    expect(proxy.requests().map((seen) => `${seen.method} ${seen.path}`)).toEqual(["POST /echo?x=1&y=two", "GET /signed", "GET /redirect"]);
  });

  test("refuse: the connection is dropped without an answer", async () => {
    proxy.setMode("refuse");
    await expect(request("/signed")).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(proxy.requests().at(-1)?.path).toBe("/signed");
  });

  test("hang: no answer until the proxy stops", async () => {
    const hanging = await startFaultProxy(upstreamUrl);
    hanging.setMode("hang");
    const answer = fetch(`${hanging.url}/signed`).then(
      (response) => `answered ${response.status}`,
      () => "connection closed",
    );
    const early = await Promise.race([answer, new Promise((resolve) => setTimeout(() => resolve("still waiting"), 500))]);
    expect(early).toBe("still waiting");
    await hanging.stop();
    expect(await answer).toBe("connection closed");
  });

  test("status-503: a small HTML page, and the store is not asked", async () => {
    proxy.setMode("status-503");
    const hits = upstreamHits;
    const answer = await request("/signed");
    expect(answer.status).toBe(503);
    expect(answer.headers["content-type"]).toContain("text/html");
    expect(answer.body.toString()).toContain("503");
    expect(upstreamHits).toBe(hits);
  });

  test("tamper-body: JSON says valid under the original signature, which no longer verifies; other bodies lose one bit", async () => {
    proxy.setMode("tamper-body");
    const answer = await request("/signed");
    expect(JSON.parse(answer.body.toString())).toMatchObject({ valid: true, code: "VALID" });
    expect(answer.headers["x-cp-signature"]).toBe(SIGNATURE);
    expect(verifies(answer.body, SIGNATURE)).toBe(false);

    const plain = await request("/plain");
    const original = Buffer.from("PK\x03\x04 not really a zip");
    expect(plain.body.length).toBe(original.length);
    expect([...plain.body].filter((byte, index) => byte !== original[index])).toHaveLength(1);
  });

  test.each([
    ["signature-missing", (answer: RawAnswer) => expect(answer.headers["x-cp-signature"]).toBeUndefined()],
    ["signature-garbage", (answer: RawAnswer) => expect(answer.headers["x-cp-signature"]).toBe("%%%not base64%%%")],
    ["signature-short", (answer: RawAnswer) => expect(Buffer.from(answer.headers["x-cp-signature"] as string, "base64")).toHaveLength(10)],
    [
      "signature-double",
      (answer: RawAnswer) => {
        expect(signatureLines(answer)).toBe(2);
        expect(answer.headers["x-cp-signature"]).toBe(`${SIGNATURE}, ${SIGNATURE}`); // how a client that joins them sees it
      },
    ],
    [
      "signature-wrong-key",
      (answer: RawAnswer) => {
        const signature = answer.headers["x-cp-signature"] as string;
        expect(Buffer.from(signature, "base64")).toHaveLength(64);
        expect(signature).not.toBe(SIGNATURE);
        expect(verifies(answer.body, signature)).toBe(false);
      },
    ],
  ] as const)("%s: the body is untouched, the signature header is not", async (mode, check) => {
    proxy.setMode(mode);
    const answer = await request("/signed");
    expect(answer.status).toBe(200);
    expect(answer.body.equals(SIGNED_BODY)).toBe(true);
    expect(answer.headers["x-cp-signature-key-id"]).toBe("harness-key");
    check(answer);
  });

  test("a transform wins over the mode until it is removed", async () => {
    proxy.setMode("signature-missing");
    proxy.setTransform((response, seen) => ({ ...response, status: 418, body: Buffer.from(`${seen.method} ${seen.path}`) }));
    const transformed = await request("/signed?x=1");
    expect([transformed.status, transformed.body.toString()]).toEqual([418, "GET /signed?x=1"]);
    proxy.setTransform(null);
    const back = await request("/signed");
    expect([back.status, back.headers["x-cp-signature"]]).toEqual([200, undefined]);
  });
});
