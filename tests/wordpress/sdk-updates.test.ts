// The WordPress SDK's updates in a real WordPress 6.1 talking to a running store over HTTP: the
// plugin appears in Dashboard → Updates with "View details", installs with one click through
// WordPress's own upgrader from the store's download_url, and a key that does not allow it gets
// the update shown without a package and the reason; a theme updates the same way.
import { beforeAll, describe, expect, it } from "vitest";
import { revokeLicense } from "../../lib/licenses/revoke-license";
import { issueTestLicense } from "../helpers/factories";
import { clickUpdateNow, SKIP_WORDPRESS, sdkFixture, sdkPhpErrors } from "./sdk-fixture";

const PLUGIN = { kind: "plugin", packageSlug: "upd-plugin", name: "Update Plugin", version: "1.0.0", productSlug: "upd-plugin" } as const;
const PLUGIN_FILE = "upd-plugin/upd-plugin.php";
const THEME = { kind: "theme", packageSlug: "upd-theme", name: "Update Theme", version: "1.0.0", productSlug: "upd-theme" } as const;

type UpdateItem = { new_version: string; package: string; slug: string; url: string; requires_php: string } | null;

describe.skipIf(SKIP_WORDPRESS)("WordPress SDK: updates from the store", () => {
  const f = sdkFixture();
  let plugin: { id: string; slug: string };
  let theme: { id: string; slug: string };

  beforeAll(async () => {
    plugin = await f.product({ slug: PLUGIN.productSlug, name: PLUGIN.name, kind: "plugin", maxActivations: 5 });
    theme = await f.product({ slug: THEME.productSlug, name: THEME.name, kind: "theme", maxActivations: 0 });
    await f.install(f.packageOptions(PLUGIN));
    await f.site().activatePlugin(PLUGIN_FILE);
    await f.publish(plugin.id, f.packageOptions({ ...PLUGIN, version: "1.1.0", changelog: "* New: the 1.1.0 feature.\n* Fixed: a 1.0.0 bug." }));
  });

  async function keyFor(productId: string, options: { revoked?: boolean } = {}) {
    const product = await f.db().product.findUniqueOrThrow({ where: { id: productId } });
    return (await issueTestLicense(f.db(), { product, maxActivations: product.maxActivations, revoked: options.revoked })).license;
  }

  /** Sets the key through the SDK (as the screen does) and has WordPress refresh its plugin updates. */
  async function pluginUpdate(licenseKey: string | null): Promise<UpdateItem> {
    const setKey = licenseKey === null ? "upd_plugin_license()->deactivate();" : `upd_plugin_license()->activate( '${licenseKey}' );`;
    return f.site().php<UpdateItem>(
      `${setKey} delete_site_transient( 'update_plugins' ); wp_update_plugins();
       $t = get_site_transient( 'update_plugins' );
       return isset( $t->response['${PLUGIN_FILE}'] ) ? $t->response['${PLUGIN_FILE}'] : null;`,
      { admin: true },
    );
  }

  it("a valid key: Dashboard → Updates offers 1.1.0 with a download link at the store; 'View details' shows the changelog", async () => {
    f.proxy().setMode("pass");
    const license = await keyFor(plugin.id);
    const item = await pluginUpdate(license.key);
    expect(item).toMatchObject({ new_version: "1.1.0", slug: "upd-plugin", requires_php: "7.4" });
    expect(item?.package).toMatch(new RegExp(`^${f.proxy().url}/api/v1/downloads/`));

    const admin = await f.site().admin();
    const updates = await admin.get("/wp-admin/update-core.php");
    expect(updates.body).toContain("Update Plugin");
    expect(updates.body).toMatch(/You have version 1\.0\.0 installed\. Update to 1\.1\.0\./);
    const details = await admin.get("/wp-admin/plugin-install.php?tab=plugin-information&plugin=upd-plugin&section=changelog");
    expect(details.status).toBe(200);
    expect(details.body).toContain("New: the 1.1.0 feature.");
    expect(details.body).toContain("Requires PHP");
  });

  it("no key, or a revoked one: the update is shown without a package, with the reason and the way out", async () => {
    f.proxy().setMode("pass");
    const none = await pluginUpdate(null);
    expect(none).toMatchObject({ new_version: "1.1.0", package: "" });
    const admin = await f.site().admin();
    const plugins = await admin.get("/wp-admin/plugins.php");
    expect(plugins.body).toContain("Automatic update is unavailable for this plugin.");
    expect(plugins.body).toContain("Enter your license key to enable updates.");

    const revoked = await keyFor(plugin.id, { revoked: true });
    expect(await pluginUpdate(revoked.key)).toMatchObject({ new_version: "1.1.0", package: "" });
    expect((await admin.get("/wp-admin/plugins.php")).body).toContain("Updates need a valid license: License has been revoked.");
  });

  it("an update answer that fails its signature is ignored: no update, no link", async () => {
    const license = await keyFor(plugin.id);
    f.proxy().setMode("signature-wrong-key");
    try {
      expect(await pluginUpdate(license.key)).toBeNull();
    } finally {
      f.proxy().setMode("pass");
    }
    f.proxy().setTransform((response, request) =>
      request.path.startsWith("/api/v1/updates/") ? { ...response, body: Buffer.from(response.body.toString().replace("1.1.0", "9.9.9")) } : response,
    );
    try {
      expect(await pluginUpdate(license.key)).toBeNull();
    } finally {
      f.proxy().setTransform(null);
    }
  });

  it("installs with one click (the 'update now' link) through WordPress's own upgrader, from the store", async () => {
    f.proxy().setMode("pass");
    const license = await keyFor(plugin.id);
    expect((await pluginUpdate(license.key))?.new_version).toBe("1.1.0");
    const done = await clickUpdateNow(f.site(), PLUGIN_FILE);
    expect(done).toContain("Plugin updated successfully.");

    const after = await f.site().php<{ version: string; active: boolean; greeting: string }>(
      `$data = get_plugin_data( WP_PLUGIN_DIR . '/${PLUGIN_FILE}' );
       return array( 'version' => $data['Version'], 'active' => is_plugin_active( '${PLUGIN_FILE}' ), 'greeting' => do_shortcode( '[upd-plugin]' ) );`,
      { admin: true },
    );
    expect(after).toEqual({ version: "1.1.0", active: true, greeting: expect.stringContaining("Update Plugin 1.1.0") });
    const downloads = await f.db().download.findMany({ where: { licenseId: license.id } });
    expect(downloads.map((d) => d.environment)).toEqual(["127.0.0.1"]);
    // Up to date now: WordPress lists it under no_update, and the license is still active.
    const current = await f.site().php<boolean>(
      `delete_site_transient( 'update_plugins' ); wp_update_plugins(); $t = get_site_transient( 'update_plugins' );
       return ! isset( $t->response['${PLUGIN_FILE}'] ) && isset( $t->no_update['${PLUGIN_FILE}'] ) && upd_plugin_license()->is_valid();`,
      { admin: true },
    );
    expect(current).toBe(true);
  });

  it("a key revoked after the update was offered: the link is refused at download, nothing is installed", async () => {
    f.proxy().setMode("pass");
    await f.install(f.packageOptions(PLUGIN)); // back to 1.0.0
    const license = await keyFor(plugin.id);
    expect((await pluginUpdate(license.key))?.package).toBeTruthy();
    await revokeLicense(f.db(), { licenseId: license.id, reason: "refunded", actor: "test" });
    const downloads: number[] = [];
    f.proxy().setTransform((response, request) => {
      if (request.path.startsWith("/api/v1/downloads/")) downloads.push(response.status);
      return response;
    });
    const outcome = await f.site().php<{ result: unknown; errors: string; version: string }>(
      `$skin = new WP_Ajax_Upgrader_Skin(); $upgrader = new Plugin_Upgrader( $skin );
       $result = $upgrader->upgrade( '${PLUGIN_FILE}' );
       $data = get_plugin_data( WP_PLUGIN_DIR . '/${PLUGIN_FILE}' );
       return array( 'result' => is_wp_error( $result ) ? $result->get_error_code() : $result, 'errors' => (string) $skin->get_error_messages(), 'version' => $data['Version'] );`,
      { admin: true },
    );
    f.proxy().setTransform(null);
    expect(downloads).toEqual([403]); // the store refused the link at download
    expect(outcome.result).not.toBe(true);
    expect(outcome.version).toBe("1.0.0");
    expect(outcome.errors).toContain("Forbidden");
  });

  it("a theme: licensed under Appearance, offered 1.1.0 and updated by WordPress's theme upgrader", async () => {
    f.proxy().setMode("pass");
    await f.install(f.packageOptions(THEME));
    await f.publish(theme.id, f.packageOptions({ ...THEME, version: "1.1.0" }));
    const license = await keyFor(theme.id);
    await f.site().php("switch_theme( 'upd-theme' ); return true;", { admin: true });
    const admin = await f.site().admin();
    const page = await admin.submitForm("/wp-admin/themes.php?page=upd-theme-license", {
      containing: "license_key",
      values: { license_key: license.key },
      submit: { name: "operation", value: "activate" },
    });
    expect(page.body).toContain("Active, unlimited sites.");
    expect((await f.site().get("/")).body).toContain("cp-store-theme-licensed");

    const outcome = await f.site().php<{ offered: string; package: string; result: unknown; version: string }>(
      `delete_site_transient( 'update_themes' ); wp_update_themes(); $t = get_site_transient( 'update_themes' );
       $item = $t->response['upd-theme'];
       $upgrader = new Theme_Upgrader( new WP_Ajax_Upgrader_Skin() );
       $result = $upgrader->upgrade( 'upd-theme' );
       wp_clean_themes_cache();
       return array( 'offered' => $item['new_version'], 'package' => $item['package'], 'result' => $result, 'version' => wp_get_theme( 'upd-theme' )->get( 'Version' ) );`,
      { admin: true },
    );
    expect(outcome.offered).toBe("1.1.0");
    expect(outcome.package).toMatch(new RegExp(`^${f.proxy().url}/api/v1/downloads/`));
    expect(outcome.result).toBe(true);
    expect(outcome.version).toBe("1.1.0");
  });

  it("with WP_DEBUG on, the SDK raised no PHP warning, notice or deprecation in any of the above", async () => {
    expect(await sdkPhpErrors(f.site(), ["upd-plugin", "upd-theme"])).toEqual([]);
  });
});
