// Moving a one-instance store's files into a bucket (the scale-out path): a backup taken with local
// storage, restored where S3_BUCKET is set, puts every file into the bucket under its key,
// byte-identical. Files are the same on either engine, so this runs on SQLite only.
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLocalStorage, createS3Storage } from "../../../lib/storage";
import { startS3Server, type S3TestServer } from "../../helpers/s3-server";
import { openTestDatabase, type TestDatabase } from "../../helpers/test-databases";
import { newRestoreTarget, runBackup, runRestore, seedOrdersAndKeys, tempDir, type RestoreTarget } from "./backup-helpers";

const KEYS = ["releases/p1/r1/plugin-1.0.0.zip", "products/p1/icon-0123abcd.png"];

let database: TestDatabase | undefined;
let s3: S3TestServer | undefined;
let target: RestoreTarget | undefined;
let dir = "";
const contents = new Map(KEYS.map((key) => [key, randomBytes(2048).toString("base64")]));

beforeAll(async () => {
  dir = await tempDir("restore-s3");
  database = await openTestDatabase("sqlite");
  await seedOrdersAndKeys(database.db, 2);
  const local = createLocalStorage(path.join(dir, "files"));
  for (const [key, body] of contents) {
    const upload = path.join(dir, "upload");
    await writeFile(upload, body);
    await local.putFile(key, upload, { contentType: "application/octet-stream" });
  }
  s3 = await startS3Server({ bucket: "cp-store-restored" });
  target = await newRestoreTarget("sqlite");
});

afterAll(async () => {
  await target?.close();
  await s3?.stop();
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

it("a local store's backup restored with S3 storage puts every file into the bucket", async () => {
  if (!database || !s3 || !target) throw new Error("set up in beforeAll");
  const archive = path.join(dir, "local.tar.gz");
  const backup = await runBackup({ databaseUrl: database.url, storageDir: path.join(dir, "files") }, archive);
  expect(backup.code, backup.stderr).toBe(0);

  const s3Env = {
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: "true",
    S3_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
  const restore = await runRestore(target, archive, { env: s3Env });
  expect(restore.code, restore.stderr).toBe(0);
  expect(restore.stdout).toContain(`files:      2 into S3 bucket "${s3.bucket}"`);

  const bucket = createS3Storage({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  for (const [key, body] of contents) {
    const stored = await bucket.open(key);
    expect(stored && (await text(stored.stream))).toBe(body);
  }
  expect(await target.db().license.count()).toBe(2);
});
