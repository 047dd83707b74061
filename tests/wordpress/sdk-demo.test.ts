// The "done when", as a new user meets it: the demo store seeded the way `npm start` seeds
// it; the demo customer downloads Pro Forms 2.2.0 from Account → Downloads; WordPress installs the
// zip with its own installer; the demo key entered on the plugin's license screen shows "Active, 1
// of 5 sites"; the Plugins screen offers 2.3.0 from the store and installs it with one click.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../lib/demo/seed-demo-store";
import { signInOverHttp } from "../helpers/sessions";
import { clickUpdateNow, SKIP_WORDPRESS, sdkFixture, sdkPhpErrors } from "./sdk-fixture";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Seeds the demo store in a process of its own, with the store's address as `npm start` has it. */
function seedDemoStore(databaseUrl: string, publicUrl: string): Promise<void> {
  const script = `
    import { getEnv } from ${JSON.stringify(path.join(ROOT, "lib/env.ts"))};
    import { createDb } from ${JSON.stringify(path.join(ROOT, "lib/db/index.ts"))};
    import { seedDemoStore } from ${JSON.stringify(path.join(ROOT, "lib/demo/seed-demo-store.ts"))};
    const db = createDb(getEnv().database);
    await seedDemoStore(db);
    await db.$disconnect();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, NEXTAUTH_URL: publicUrl, STORE_MODE: "demo", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`seeding the demo store failed (${code}):\n${output}`))));
  });
}

describe.skipIf(SKIP_WORDPRESS)("WordPress SDK: the demo store, as a new user tries it", () => {
  const f = sdkFixture();
  let scratch = "";
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "cp-sdk-demo-"));
    await seedDemoStore(f.databaseUrl(), f.proxy().url);
  });
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("download Pro Forms 2.2.0, install it, enter the demo key: 'Active, 1 of 5 sites'; update to 2.3.0 with one click", async () => {
    const db = f.db();
    // The first Pro Forms key the seed issued (the demo also has one that expires in 20 days).
    const license = await db.license.findFirstOrThrow({
      where: { product: { slug: "pro-forms-plugin" }, user: { email: DEMO_ACCOUNTS.customer.email } },
      orderBy: { createdAt: "asc" },
    });
    const release = await db.release.findFirstOrThrow({ where: { product: { slug: "pro-forms-plugin" }, version: "2.2.0" } });

    // Account → Downloads: the Download button sends the signed-in customer to a short-lived link.
    const cookie = await signInOverHttp(f.store().url, DEMO_ACCOUNTS.customer);
    const button = await fetch(`${f.store().url}/account/downloads/${license.id}/${release.id}`, { headers: { cookie }, redirect: "manual" });
    expect(button.status).toBe(302);
    const file = await fetch(button.headers.get("location") ?? "");
    expect(file.status).toBe(200);
    const zip = path.join(scratch, "pro-forms.zip");
    await writeFile(zip, Buffer.from(await file.arrayBuffer()));

    // Plugins → Add New → Upload: WordPress's own installer, then Activate.
    const installed = await f.site().php(`$upgrader = new Plugin_Upgrader( new WP_Ajax_Upgrader_Skin() ); return $upgrader->install( ${JSON.stringify(zip)} );`, {
      admin: true,
    });
    expect(installed).toBe(true);
    await f.site().activatePlugin("pro-forms/pro-forms.php");

    // Settings → Pro Forms Plugin License: the demo key.
    const admin = await f.site().admin();
    const screen = await admin.submitForm("/wp-admin/options-general.php?page=pro-forms-plugin-license", {
      containing: "license_key",
      values: { license_key: license.key },
      submit: { name: "operation", value: "activate" },
    });
    expect(screen.body).toContain("Pro Forms Plugin License");
    expect(screen.body).toContain("Active, 1 of 5 sites.");
    expect(await f.site().php("return do_shortcode( '[pro-forms]' );")).toContain("Premium greeting from Pro Forms Plugin 2.2.0.");

    // Dashboard → Updates offers 2.3.0; "update now" installs it from the store.
    await f.site().php("delete_site_transient( 'update_plugins' ); wp_update_plugins(); return true;", { admin: true });
    const updates = await admin.get("/wp-admin/update-core.php");
    expect(updates.body).toMatch(/You have version 2\.2\.0 installed\. Update to 2\.3\.0\./);
    expect(await clickUpdateNow(f.site(), "pro-forms/pro-forms.php")).toContain("Plugin updated successfully.");
    expect(await f.site().php("return do_shortcode( '[pro-forms]' );")).toContain("Premium greeting from Pro Forms Plugin 2.3.0.");
    expect(await sdkPhpErrors(f.site(), ["pro-forms"])).toEqual([]);
  });
});
