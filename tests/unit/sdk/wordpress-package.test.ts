// The builder that turns the SDK's example plugin or theme into a product of a store (the demo
// store's releases and the SDK's WordPress tests): names, prefixes, headers and settings.
import { describe, expect, it } from "vitest";
import { sdkLibraryFiles, sdkPackageFiles, type SdkPackageOptions } from "@/lib/sdk/wordpress-package";

const KEY_A = "oxURKfjOJQghMBY1GKSpqEIReedZFjpAv2aVw15Mols=";
const KEY_B = "0ed0grvCgYclaFsdSreygBmoMrTXSwBJDMhmbqi+gMA=";
const plugin: SdkPackageOptions = {
  kind: "plugin",
  packageSlug: "acme-seo",
  name: "Acme SEO",
  version: "2.1.0",
  storeUrl: "https://store.example.com",
  productSlug: "acme-seo-pro",
  publicKeys: [KEY_A],
  changelog: "* New: sitemaps.",
};
const byPath = (options: SdkPackageOptions) => Object.fromEntries(sdkPackageFiles(options).map((file) => [file.path, file.content]));

describe("sdkPackageFiles", () => {
  it("names the plugin's main file after its folder, prefixes its PHP names and fills in the three settings", () => {
    const files = byPath(plugin);
    expect(Object.keys(files).sort()).toEqual([
      "acme-seo.php",
      ...sdkLibraryFiles().map((file) => `cp-store-sdk/${file.path}`),
      "readme.txt",
    ].sort());
    const main = files["acme-seo.php"] ?? "";
    expect(main).toMatch(/^ \* Plugin Name: {7}Acme SEO$/m);
    expect(main).toMatch(/^ \* Version: {11}2\.1\.0$/m);
    expect(main).toContain("define( 'ACME_SEO_STORE_URL', 'https://store.example.com' );");
    expect(main).toContain("define( 'ACME_SEO_PRODUCT', 'acme-seo-pro' );");
    expect(main).toContain(`define( 'ACME_SEO_PUBLIC_KEY', '${KEY_A}' );`);
    expect(main).toContain("function acme_seo_license() {");
    expect(main).toContain("add_shortcode( 'acme-seo', 'acme_seo_shortcode' );");
    for (const leftover of ["cp_example", "CP_EXAMPLE", "cp-store-example", "PASTE-THE-STORE", "localhost:3000", "pro-forms-plugin"]) {
      expect(main).not.toContain(leftover);
    }
    expect(files["readme.txt"]).toContain("Stable tag: 2.1.0");
    expect(files["readme.txt"]).toMatch(/== Changelog ==\n\n= 2\.1\.0 =\n\* New: sitemaps\.\n\n= 1\.0\.0 =/);
    expect(files["cp-store-sdk/cp-store-sdk.php"]).toContain("namespace CPStore\\SDK\\v1_0_0;");
  });

  it("ships every published key as a PHP array, and escapes what goes into PHP strings", () => {
    const main = byPath({ ...plugin, publicKeys: [KEY_A, KEY_B], storeUrl: "https://o'brien.example" })["acme-seo.php"] ?? "";
    expect(main).toContain(`define( 'ACME_SEO_PUBLIC_KEY', array( '${KEY_A}', '${KEY_B}' ) );`);
    expect(main).toContain("define( 'ACME_SEO_STORE_URL', 'https://o\\'brien.example' );");
  });

  it("builds a theme: style.css headers, functions.php settings, prefixes that cannot collide with a plugin's", () => {
    const files = byPath({ ...plugin, kind: "theme", packageSlug: "3d-agency", name: "3D Agency", productSlug: "agency" });
    expect(files["style.css"]).toMatch(/^Theme Name: {8}3D Agency$/m);
    expect(files["style.css"]).toMatch(/^Version: {11}2\.1\.0$/m);
    expect(files["functions.php"]).toContain("define( 'P_3D_AGENCY_PRODUCT', 'agency' );");
    expect(files["functions.php"]).toContain("function p_3d_agency_license() {");
    expect(files["index.php"]).toContain("p_3d_agency_license()->is_valid()");
  });

  it("refuses a folder name WordPress would not accept, a bad version, or no key", () => {
    expect(() => sdkPackageFiles({ ...plugin, packageSlug: "../evil" })).toThrow(/package slug/);
    expect(() => sdkPackageFiles({ ...plugin, version: "two" })).toThrow(/version/);
    expect(() => sdkPackageFiles({ ...plugin, publicKeys: [] })).toThrow(/public key/);
  });
});
