// The WordPress SDK's license side in a real WordPress 6.1 talking to a running store over HTTP:
// the license screen for every answer the store gives and every way the network can fail, the
// scheduled check, the cache bound to key + site + product with its grace period, deactivation,
// and no PHP warning or notice from the SDK with WP_DEBUG on.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { revokeLicense } from "../../lib/licenses/revoke-license";
import { issueTestLicense } from "../helpers/factories";
import type { ProxyResponse } from "../helpers/fault-proxy";
import { SKIP_WORDPRESS, sdkFixture, sdkPhpErrors } from "./sdk-fixture";

const PLUGIN = { kind: "plugin", packageSlug: "sdk-plugin", name: "SDK Plugin", version: "1.0.0", productSlug: "sdk-plugin" } as const;
const PLUGIN_FILE = "sdk-plugin/sdk-plugin.php";
const SCREEN = "/wp-admin/options-general.php?page=sdk-plugin-license";

type Status = { key: string; masked_key: string; valid: boolean; answer: { code: string; checked_at: number } | null; problem: { kind: string } | null };

describe.skipIf(SKIP_WORDPRESS)("WordPress SDK: the license", () => {
  const f = sdkFixture();
  let product: { id: string; slug: string };
  let other: { id: string; slug: string };

  beforeAll(async () => {
    product = await f.product({ slug: "sdk-plugin", name: "SDK Plugin", kind: "plugin", maxActivations: 5 });
    other = await f.product({ slug: "other-plugin", name: "Other Plugin", kind: "plugin" });
    await f.install(f.packageOptions(PLUGIN));
    await f.site().activatePlugin(PLUGIN_FILE);
  });

  /** A key for the SDK's product (or another), as the store issues it. */
  async function key(options: { maxActivations?: number; expired?: boolean; revoked?: boolean; forOther?: boolean } = {}) {
    const { license } = await issueTestLicense(f.db(), {
      product: await f.db().product.findUniqueOrThrow({ where: { id: options.forOther ? other.id : product.id } }),
      maxActivations: options.maxActivations ?? 5,
      expired: options.expired,
      revoked: options.revoked,
    });
    return license;
  }

  const status = () => f.site().php<Status>("return sdk_plugin_license()->status();");
  const isValid = () => f.site().php<boolean>("return sdk_plugin_license()->is_valid();");
  const runScheduledCheck = () => f.site().php("do_action( 'cp_store_license_check_sdk-plugin' ); return true;");
  const activations = async (licenseId: string) =>
    (await f.db().activation.findMany({ where: { licenseId, deactivatedAt: null }, select: { environment: true } })).map((a) => a.environment);

  /** The license screen's status box: its code and its text, tags stripped. */
  async function screen(body?: string) {
    const html = body ?? (await (await f.site().admin()).get(SCREEN)).body;
    const box = /<div class="notice notice-(\w+) inline cp-store-license-status" data-code="(\w+)">([\s\S]*?)<\/div>/.exec(html);
    if (!box) throw new Error(`no status box on the license screen:\n${html.slice(0, 3000)}`);
    const links = [...(box[3] ?? "").matchAll(/<a class="button" href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({ href: m[1]?.replaceAll("&#038;", "&"), text: m[2] }));
    const text = (box[3] ?? "").replace(/<[^>]+>/g, " ").replace(/&#8217;/g, "'").replace(/\s+/g, " ").trim();
    return { level: box[1], code: box[2], text, links, html };
  }

  /** Presses a button of the license screen, as the admin would, with `licenseKey` typed in. */
  async function press(operation: "activate" | "check" | "deactivate", licenseKey = "") {
    const admin = await f.site().admin();
    const response = await admin.submitForm(SCREEN, {
      containing: "license_key",
      values: { license_key: licenseKey },
      submit: { name: "operation", value: operation },
    });
    expect(response.status).toBe(200);
    expect(response.url).toContain(SCREEN);
    return { ...(await screen(response.body)), page: response.body };
  }

  /** Back to a clean slate: no key on the site, the proxy honest. */
  async function reset() {
    f.proxy().setMode("pass");
    f.proxy().setTransform(null);
    await f.site().php("delete_option( 'cp_store_license_sdk_plugin' ); return true;");
  }

  it("activates a key entered on the license screen: 'Active, 1 of 5 sites', one slot taken, premium on", async () => {
    await reset();
    const license = await key();
    const shown = await press("activate", license.key);
    expect(shown.code).toBe("VALID");
    expect(shown.level).toBe("success");
    expect(shown.text).toContain("Active, 1 of 5 sites.");
    expect(shown.text).toMatch(/Expires on \w+ \d+, \d{4}\./);
    expect(shown.page).toContain("CP-*****-…-" + license.key.slice(-5));
    expect(shown.page).not.toContain(license.key); // never shown in full once saved
    expect(await activations(license.id)).toEqual(["127.0.0.1"]);
    expect(await isValid()).toBe(true);
    expect(await f.site().php("return sdk_plugin_license()->screen_url();")).toBe(`${f.site().url}/wp-admin${SCREEN.slice("/wp-admin".length)}`);
    expect((await f.site().get("/?p=1")).status).toBe(200);
    expect(await f.site().php("return do_shortcode( '[sdk-plugin]' );")).toContain("Premium greeting from SDK Plugin 1.0.0.");
  });

  it("makes no request to the store on page loads; checks on WP-Cron about every 12 hours", async () => {
    await reset();
    const license = await key();
    await press("activate", license.key);
    f.proxy().clearRequests();
    const admin = await f.site().admin();
    for (const page of ["/wp-admin/", "/wp-admin/plugins.php", SCREEN]) expect((await admin.get(page)).status).toBe(200);
    expect((await f.site().get("/")).status).toBe(200);
    expect(await isValid()).toBe(true);
    expect(f.proxy().requests()).toEqual([]);

    const schedule = await f.site().php<{ next: number; recurrence: string; now: number }>(
      "return array( 'next' => wp_next_scheduled( 'cp_store_license_check_sdk-plugin' ), 'recurrence' => wp_get_schedule( 'cp_store_license_check_sdk-plugin' ), 'now' => time() );",
    );
    expect(schedule.recurrence).toBe("twicedaily");
    expect(schedule.next - schedule.now).toBeLessThanOrEqual(12 * 3600);
    await runScheduledCheck();
    expect(f.proxy().requests().map((r) => `${r.method} ${r.path}`)).toEqual(["POST /api/v1/licenses/verify"]);
  });

  it("says 'Enter a license key.' for an empty key, asks nothing and keeps the saved key", async () => {
    await reset();
    const license = await key();
    await press("activate", license.key);
    f.proxy().clearRequests();
    const shown = await press("activate", "   ");
    expect(shown.page).toContain("Enter a license key.");
    expect(shown.page).not.toContain("Could not reach");
    expect(shown.code).toBe("VALID");
    expect(f.proxy().requests()).toEqual([]);
  });

  it("at the site limit: says so with the store's manage_url, takes no slot, premium off", async () => {
    await reset();
    const license = await key({ maxActivations: 1 });
    const elsewhere = await fetch(`${f.store().url}/api/v1/licenses/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: license.key, domain: "elsewhere.example" }),
    });
    expect(((await elsewhere.json()) as { code: string }).code).toBe("VALID");

    const shown = await press("activate", license.key);
    expect(shown.code).toBe("MAX_ACTIVATIONS_EXCEEDED");
    expect(shown.text).toContain("This key is already active on 1 of 1 sites.");
    expect(shown.links).toEqual([{ href: `${f.proxy().url}/account/licenses/${license.id}`, text: "Manage your sites" }]);
    expect(await activations(license.id)).toEqual(["elsewhere.example"]);
    expect(await isValid()).toBe(false);
  });

  it("revoked: the next scheduled check turns premium off at once, grace period or not", async () => {
    await reset();
    const license = await key();
    await press("activate", license.key);
    expect(await isValid()).toBe(true);
    await revokeLicense(f.db(), { licenseId: license.id, reason: "refunded", actor: "test" });
    await runScheduledCheck();
    expect(await isValid()).toBe(false);
    const shown = await screen();
    expect(shown.code).toBe("REVOKED");
    expect(shown.text).toContain("This license key has been revoked");
  });

  it("expired: says when, links to the store's renew_url", async () => {
    await reset();
    const license = await key({ expired: true });
    const shown = await press("activate", license.key);
    expect(shown.code).toBe("EXPIRED");
    expect(shown.text).toMatch(/This license expired on \w+ \d+, \d{4}\. Renew it to get updates again\./);
    expect(shown.links).toEqual([{ href: `${f.proxy().url}/account/licenses/${license.id}`, text: "Renew your license" }]);
    expect(await isValid()).toBe(false);
  });

  it("a key for another product: names both products, takes no slot", async () => {
    await reset();
    const license = await key({ forOther: true });
    const shown = await press("activate", license.key);
    expect(shown.code).toBe("PRODUCT_MISMATCH");
    expect(shown.text).toContain("This key is for Other Plugin, not for SDK Plugin.");
    expect(await activations(license.id)).toEqual([]);
  });

  it("a mistyped key: 'not valid, check it for typos'", async () => {
    await reset();
    const shown = await press("activate", "CP-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE");
    expect(shown.code).toBe("NOT_FOUND");
    expect(shown.text).toContain("This license key is not valid. Check it for typos");
  });

  it("store unreachable without a cached answer: says it could not reach the store, premium off", async () => {
    await reset();
    const license = await key();
    f.proxy().setMode("refuse");
    const shown = await press("activate", license.key);
    expect(shown.code).toBe("UNCHECKED");
    expect(shown.text).toContain(`Could not reach the license store at 127.0.0.1`);
    expect(await isValid()).toBe(false);
    f.proxy().setMode("status-503");
    expect((await press("check")).text).toContain("answered with an error (HTTP 503)");
    f.proxy().setMode("pass");
    expect((await press("check")).code).toBe("VALID");
  });

  it("store unreachable with a fresh answer: premium stays on through the grace period (7 days), then off", async () => {
    await reset();
    const license = await key();
    await press("activate", license.key);
    f.proxy().setMode("refuse");
    await runScheduledCheck();
    expect(await isValid()).toBe(true);
    const shown = await screen();
    expect(shown.level).toBe("warning");
    expect(shown.text).toContain("Active, 1 of 5 sites.");
    expect(shown.text).toContain("Could not reach the license store");
    expect(shown.text).toMatch(/The license stays active until \w+ \d+, \d{4} unless the store confirms it before then\./);

    // Six days later it still holds; eight days later it does not.
    const age = (days: number) =>
      f.site().php(`$o = get_option( 'cp_store_license_sdk_plugin' ); $o['answer']['checked_at'] = time() - ${days} * DAY_IN_SECONDS; update_option( 'cp_store_license_sdk_plugin', $o ); return true;`);
    await age(6);
    expect(await isValid()).toBe(true);
    await age(8);
    expect(await isValid()).toBe(false);
    expect((await screen()).code).toBe("STALE");
    f.proxy().setMode("pass");
    await runScheduledCheck();
    expect(await isValid()).toBe(true);
  });

  it("a body changed under its signature is ignored: a REVOKED answer turned into VALID grants nothing", async () => {
    await reset();
    const license = await key({ revoked: true });
    f.proxy().setMode("tamper-body");
    const shown = await press("activate", license.key);
    expect(shown.code).toBe("UNCHECKED");
    expect(shown.text).toContain("could not be verified");
    expect(await isValid()).toBe(false);
  });

  it.each(["signature-missing", "signature-garbage", "signature-short", "signature-double", "signature-wrong-key"] as const)(
    "%s: the answer is unverified, never fatal; the last good answer stands",
    async (mode) => {
      await reset();
      const license = await key();
      await press("activate", license.key);
      await revokeLicense(f.db(), { licenseId: license.id, reason: "refunded", actor: "test" });
      f.proxy().setMode(mode);
      const before = (await status()).answer?.checked_at;
      const shown = await press("check");
      expect(shown.page).not.toContain("critical error");
      expect(shown.text).toContain("could not be verified");
      const after = await status();
      expect(after.answer?.code).toBe("VALID"); // the forged-looking REVOKED changed nothing either way
      expect(after.answer?.checked_at).toBe(before);
      expect(after.problem?.kind).toBe("unverified");
    },
  );

  it("a replayed answer (the store's genuine signature, another request's nonce) is refused: it cannot keep a revoked key alive", async () => {
    await reset();
    const license = await key();
    let recorded: ProxyResponse | undefined;
    f.proxy().setTransform((response, request) => {
      if (request.path === "/api/v1/licenses/verify") recorded ??= response;
      return response;
    });
    await press("activate", license.key);
    expect(recorded?.body.toString()).toContain('"code":"VALID"');
    const checkedAt = (await status()).answer?.checked_at;
    await revokeLicense(f.db(), { licenseId: license.id, reason: "refunded", actor: "test" });
    f.proxy().setTransform((response, request) => (request.path === "/api/v1/licenses/verify" && recorded ? recorded : response));
    const shown = await press("check");
    expect(shown.text).toContain("could not be verified");
    const after = await status();
    expect(after.problem?.kind).toBe("unverified");
    expect(after.answer?.checked_at).toBe(checkedAt); // the grace period was not renewed
  });

  it("a changed key never inherits the previous key's answer, even with the store unreachable", async () => {
    await reset();
    const first = await key();
    await press("activate", first.key);
    expect(await isValid()).toBe(true);
    const second = await key({ revoked: true });
    f.proxy().setMode("refuse");
    const shown = await press("activate", second.key);
    expect(shown.code).toBe("UNCHECKED");
    expect(await isValid()).toBe(false);
    f.proxy().setMode("pass");
    expect((await press("check")).code).toBe("REVOKED");
    // Back to the first key: it is checked afresh, not restored from a cache.
    f.proxy().clearRequests();
    expect((await press("activate", first.key)).code).toBe("VALID");
    expect(f.proxy().requests().some((r) => r.path === "/api/v1/licenses/verify")).toBe(true);
  });

  it("a key changed while the store answers frees the old key's slot first", async () => {
    await reset();
    const first = await key();
    await press("activate", first.key);
    const second = await key();
    await press("activate", second.key);
    expect(await activations(first.id)).toEqual([]);
    expect(await activations(second.id)).toEqual(["127.0.0.1"]);
  });

  it("a cached answer is bound to the site: a copy of the site under another address checks again", async () => {
    await reset();
    const license = await key();
    await press("activate", license.key);
    const moved = await f.site().php<boolean>(
      "add_filter( 'home_url', function () { return 'https://staging.example.com'; } ); return sdk_plugin_license()->is_valid();",
    );
    expect(moved).toBe(false);
  });

  it("Deactivate frees the slot and removes the key; plugin deactivation frees it and reactivation takes it back", async () => {
    await reset();
    const license = await key();
    await press("activate", license.key);
    expect(await activations(license.id)).toEqual(["127.0.0.1"]);

    await f.site().deactivatePlugin(PLUGIN_FILE);
    expect(await activations(license.id)).toEqual([]);
    expect(await f.site().php("return wp_next_scheduled( 'cp_store_license_check_sdk-plugin' );")).toBe(false);
    await f.site().activatePlugin(PLUGIN_FILE);
    expect(await activations(license.id)).toEqual(["127.0.0.1"]);
    expect(await isValid()).toBe(true);

    f.proxy().setMode("refuse");
    const failed = await press("deactivate");
    expect(failed.page).toContain("Could not reach the license store, so the license is still active on this site.");
    expect((await status()).key).toBe(license.key);
    f.proxy().setMode("pass");
    const done = await press("deactivate");
    expect(done.page).toContain("The license was deactivated on this site and its slot is free.");
    expect(done.code).toBe("NO_KEY");
    expect(await activations(license.id)).toEqual([]);
  });

  it("the screen's actions check the capability and the nonce first", async () => {
    await reset();
    const admin = await f.site().admin();
    const forged = await admin.post("/wp-admin/admin-post.php", { action: "cp_store_license_sdk_plugin", operation: "activate", license_key: "CP-X" });
    expect(forged.status).toBe(403); // check_admin_referer without a valid nonce: "The link you followed has expired."
    expect((await status()).key).toBe("");
    const anonymous = await fetch(`${f.site().url}/wp-admin/admin-post.php`, {
      method: "POST",
      body: new URLSearchParams({ action: "cp_store_license_sdk_plugin", operation: "activate", license_key: "CP-X" }),
      redirect: "manual",
    });
    expect(anonymous.status).toBe(400); // no handler for signed-out visitors: WordPress answers 400
    expect((await status()).key).toBe("");
  });

  it("works as a must-use plugin: pages load, the screen answers, nothing runs before WordPress is ready", async () => {
    await reset();
    const options = f.packageOptions({ ...PLUGIN, packageSlug: "sdk-mu", name: "SDK MU", productSlug: "mu-plugin" });
    const folder = path.join(f.site().contentDir, "mu-plugins");
    await f.install(options);
    // mu-plugins/ loads single files: a loader requires the plugin from its folder.
    await mkdir(folder, { recursive: true });
    await rename(path.join(f.site().contentDir, "plugins", "sdk-mu"), path.join(folder, "sdk-mu"));
    await writeFile(path.join(folder, "sdk-mu-loader.php"), "<?php\nrequire __DIR__ . '/sdk-mu/sdk-mu.php';\n");
    try {
      const home = await f.site().get("/");
      expect(home.status).toBe(200);
      expect(home.body).not.toContain("critical error");
      const admin = await f.site().admin();
      const page = await admin.get("/wp-admin/options-general.php?page=mu-plugin-license");
      expect(page.status).toBe(200);
      expect(page.body).toContain("SDK MU License");
      expect(page.body).toContain('data-code="NO_KEY"');
    } finally {
      await rm(path.join(folder, "sdk-mu-loader.php"), { force: true });
      await rm(path.join(folder, "sdk-mu"), { recursive: true, force: true });
    }
  });

  it("two plugins bundling different SDK versions (and two bundling the same) load side by side", async () => {
    await reset();
    const older = f.packageOptions({ ...PLUGIN, packageSlug: "sdk-older", name: "SDK Older", productSlug: "older-plugin" });
    await f.install(older, (file) => file.content.replaceAll("CPStore\\SDK\\v1_0_0", "CPStore\\SDK\\v0_9_0"));
    const same = f.packageOptions({ ...PLUGIN, packageSlug: "sdk-same", name: "SDK Same", productSlug: "same-plugin" });
    await f.install(same);
    await f.site().activatePlugin("sdk-older/sdk-older.php");
    await f.site().activatePlugin("sdk-same/sdk-same.php");
    try {
      const classes = await f.site().php<string[]>(
        "return array( get_class( sdk_plugin_license() ), get_class( sdk_older_license() ), get_class( sdk_same_license() ) );",
      );
      expect(classes).toEqual(["CPStore\\SDK\\v1_0_0\\License", "CPStore\\SDK\\v0_9_0\\License", "CPStore\\SDK\\v1_0_0\\License"]);
      expect((await f.site().get("/")).status).toBe(200);
    } finally {
      await f.site().deactivatePlugin("sdk-older/sdk-older.php");
      await f.site().deactivatePlugin("sdk-same/sdk-same.php");
    }
  });

  it("a misconfigured SDK (no public key) tells the admin and never crashes", async () => {
    const broken = { ...f.packageOptions({ ...PLUGIN, packageSlug: "sdk-broken", name: "SDK Broken", productSlug: "broken-plugin" }) };
    await f.install(broken, (file) => file.content.replace(/define\( 'SDK_BROKEN_PUBLIC_KEY', '[^']*' \)/, "define( 'SDK_BROKEN_PUBLIC_KEY', '' )"));
    await f.site().activatePlugin("sdk-broken/sdk-broken.php");
    try {
      const admin = await f.site().admin();
      const dashboard = await admin.get("/wp-admin/");
      expect(dashboard.body).toContain("is not set up");
      expect(dashboard.body).toContain("public_key must be the store");
      expect(await f.site().php("return sdk_broken_license()->is_valid();")).toBe(false);
    } finally {
      await f.site().deactivatePlugin("sdk-broken/sdk-broken.php");
    }
  });

  it("with WP_DEBUG on, the SDK raised no PHP warning, notice or deprecation in any of the above", async () => {
    expect(await sdkPhpErrors(f.site(), ["sdk-plugin", "sdk-mu", "sdk-older", "sdk-same", "sdk-broken"])).toEqual([]);
  });
});
