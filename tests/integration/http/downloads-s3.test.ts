// The store on S3-compatible storage, end to end through the real server: a release uploaded over
// the server API goes to the bucket in parts, an update check's download_url answers a 302 to a
// short-lived presigned URL, and that URL serves the exact bytes as an attachment. The bucket is a
// real S3-compatible server (s3rver from npm) started by the test.
import { createHash } from "node:crypto";
import { openAsBlob, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProduct, issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { startS3Server, type S3TestServer } from "../../helpers/s3-server";
import { storeServerForFile, type StoreServerEnv } from "../../helpers/store-server";
import { removeTempZips, validPluginZip } from "../../helpers/zip-corpus";
import { createTestApiKey } from "../server-api/helpers/server-api";

let s3: S3TestServer | undefined;
// Filled once the S3 server has a port; the store server's beforeAll (registered after) reads it.
const s3Env: StoreServerEnv = {};
beforeAll(async () => {
  s3 = await startS3Server();
  Object.assign(s3Env, {
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: "us-east-1",
    S3_FORCE_PATH_STYLE: "true",
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
  });
});
const store = storeServerForFile({ env: s3Env });
afterAll(async () => {
  await s3?.stop();
  await removeTempZips();
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("S3 storage through the store server", () => {
  it("stores an uploaded release in the bucket and serves its download_url as a presigned redirect", async () => {
    const product = await createProduct(store.db(), { maxActivations: 2 });
    await store.db().product.update({ where: { id: product.id }, data: { packageSlug: "s3-plugin" } });
    const zip = await validPluginZip("s3-plugin", "2.0.0");
    const body = new FormData();
    body.set("file", await openAsBlob(zip), "s3-plugin-2.0.0.zip");
    const upload = await fetch(`${store.server().url}/api/v1/products/${product.slug}/releases`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await createTestApiKey(store.db(), "write")}` },
      body,
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const release = await store.db().release.findFirstOrThrow({ where: { productId: product.id } });
    expect(s3?.requests().some((line) => line.startsWith(`PUT /${s3?.bucket}/${release.storageKey}`))).toBe(true);

    const { license } = await issueTestLicense(store.db(), { product });
    const domain = uniqueDomain();
    const check = await fetch(`${store.server().url}/api/v1/updates/${product.slug}?license_key=${license.key}&domain=${domain}`);
    const info = (await check.json()) as { version: string; download_url?: string };
    expect(info.version).toBe("2.0.0");
    expect(info.download_url).toBeDefined();

    const link = new URL(info.download_url as string);
    const redirect = await fetch(`${store.server().url}${link.pathname}`, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get("location") ?? "";
    expect(location.startsWith(`${s3?.endpoint}/${s3?.bucket}/`)).toBe(true);
    expect(new URL(location).searchParams.get("X-Amz-Expires")).toBe("300");

    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain('filename="s3-plugin.zip"');
    expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(sha256(readFileSync(zip)));
    expect(sha256(readFileSync(zip))).toBe(release.sha256);

    const downloads = await store.db().download.findMany({ where: { releaseId: release.id } });
    expect(downloads).toMatchObject([{ licenseId: license.id, environment: domain }]);
  });
});
