// One contract, both drivers: the local directory and S3 against a real S3-compatible server
// (s3rver from npm, tests/helpers/s3-server.ts). Same bytes out as in, missing keys are null,
// unsafe keys never reach the disk or the bucket, and check() fails when the storage is unusable.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalStorage, createS3Storage, getStorage, StorageKeyError, type FileStorage } from "@/lib/storage";
import { startS3Server, type S3TestServer } from "../../helpers/s3-server";

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "cp-store-storage-test-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function tempFile(bytes: Buffer): Promise<string> {
  const filePath = path.join(scratch, `${randomBytes(6).toString("hex")}.bin`);
  await writeFile(filePath, bytes);
  return filePath;
}

async function readAll(storage: FileStorage, key: string): Promise<{ size: number; bytes: Buffer } | null> {
  const file = await storage.open(key);
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return { size: file.size, bytes: Buffer.concat(chunks) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 1;
}

type Driver = {
  storage: FileStorage;
  /** Storages of this kind that cannot work: check() must throw. */
  broken: () => Promise<FileStorage[]>;
  s3?: S3TestServer;
};

const UNSAFE_KEYS = ["", "/releases/a.zip", "releases/../../etc/passwd", "..", "releases/./a.zip", "releases//a.zip", "releases\\a.zip", "releases/a b.zip", "releases/ä.zip", "releases/a.zip/"];

function storageContract(name: "local" | "s3", setUp: () => Promise<Driver>, tearDown: () => Promise<void>) {
  describe(`${name} storage`, () => {
    let driver: Driver;
    beforeAll(async () => {
      driver = await setUp();
    }, 60_000);
    afterAll(tearDown);

    it("gives back the same bytes it was given, with their size", async () => {
      const bytes = randomBytes(100_000);
      await driver.storage.putFile("releases/p1/r1/acme.zip", await tempFile(bytes), { contentType: "application/zip" });
      const stored = await readAll(driver.storage, "releases/p1/r1/acme.zip");
      expect(stored?.size).toBe(bytes.length);
      expect(sha256(stored?.bytes ?? Buffer.alloc(0))).toBe(sha256(bytes));
    });

    it("stores a 20 MiB file (in 8 MiB parts on S3)", async () => {
      const bytes = randomBytes(20 * MiB);
      await driver.storage.putFile("releases/p1/r2/big.zip", await tempFile(bytes), { contentType: "application/zip" });
      const stored = await readAll(driver.storage, "releases/p1/r2/big.zip");
      expect(stored?.size).toBe(bytes.length);
      expect(sha256(stored?.bytes ?? Buffer.alloc(0))).toBe(sha256(bytes));
      if (driver.s3) {
        const requests = driver.s3.requests().filter((line) => line.includes("/releases/p1/r2/big.zip"));
        expect(requests.filter((line) => line.startsWith("POST ") && line.includes("uploads"))).toHaveLength(1);
        expect(requests.filter((line) => line.startsWith("PUT ") && line.includes("partNumber="))).toHaveLength(3);
      }
    });

    it("answers null for a key that holds nothing", async () => {
      expect(await driver.storage.open("releases/p1/none/missing.zip")).toBeNull();
    });

    it.each(UNSAFE_KEYS)("refuses the unsafe key %j everywhere", async (key) => {
      const file = await tempFile(Buffer.from("x"));
      const options = { fileName: "a.zip", contentType: "application/zip", expiresInSeconds: 60 };
      await expect(driver.storage.putFile(key, file, { contentType: "text/plain" })).rejects.toBeInstanceOf(StorageKeyError);
      await expect(driver.storage.open(key)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(driver.storage.delete(key)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(driver.storage.presignedDownloadUrl(key, options)).rejects.toBeInstanceOf(StorageKeyError);
    });

    it(name === "s3" ? "presigns a URL that downloads the bytes as an attachment" : "has no presigned URL (the store streams)", async () => {
      const bytes = randomBytes(5000);
      await driver.storage.putFile("releases/p1/r3/file.bin", await tempFile(bytes), { contentType: "application/octet-stream" });
      const url = await driver.storage.presignedDownloadUrl("releases/p1/r3/file.bin", {
        fileName: "acme-seo.zip",
        contentType: "application/zip",
        expiresInSeconds: 300,
      });
      if (name === "local") {
        expect(url).toBeNull();
        return;
      }
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const response = await fetch(url ?? "");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="acme-seo.zip"');
      expect(response.headers.get("content-type")).toBe("application/zip");
      expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(bytes));
    });

    // Only S3 presigns; defined for it alone rather than reported as a skipped test for local.
    if (name === "s3") it("presigns URLs that expire", async () => {
      await driver.storage.putFile("releases/p1/r5/file.bin", await tempFile(Buffer.from("soon gone")), { contentType: "application/zip" });
      const url = await driver.storage.presignedDownloadUrl("releases/p1/r5/file.bin", {
        fileName: "acme-seo.zip",
        contentType: "application/zip",
        expiresInSeconds: 1,
      });
      expect(new URL(url ?? "").searchParams.get("X-Amz-Expires")).toBe("1");
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect((await fetch(url ?? "")).status).toBe(403);
    });

    it("deletes, and deleting what is gone is no error", async () => {
      await driver.storage.putFile("releases/p1/r4/gone.zip", await tempFile(Buffer.from("bye")), { contentType: "application/zip" });
      await driver.storage.delete("releases/p1/r4/gone.zip");
      expect(await driver.storage.open("releases/p1/r4/gone.zip")).toBeNull();
      await driver.storage.delete("releases/p1/r4/gone.zip");
    });

    it("passes check() when usable, and fails it when not", async () => {
      await driver.storage.check();
      for (const broken of await driver.broken()) await expect(broken.check()).rejects.toThrow();
    });
  });
}

let localDir = "";
storageContract(
  "local",
  async () => {
    localDir = await mkdtemp(path.join(tmpdir(), "cp-store-local-storage-"));
    const aFile = await tempFile(Buffer.from("not a folder"));
    return {
      storage: createLocalStorage(path.join(localDir, "files")),
      // A directory that cannot exist: its parent is a file.
      broken: async () => [createLocalStorage(path.join(aFile, "files"))],
    };
  },
  async () => {
    await rm(localDir, { recursive: true, force: true });
  },
);

let s3: S3TestServer | undefined;
storageContract(
  "s3",
  async () => {
    s3 = await startS3Server();
    const credentials = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
    const endpoint = s3.endpoint;
    return {
      storage: createS3Storage({ bucket: s3.bucket, endpoint, forcePathStyle: true, credentials }),
      broken: async () => [
        createS3Storage({ bucket: "no-such-bucket", endpoint, forcePathStyle: true, credentials }),
        createS3Storage({ bucket: s3?.bucket ?? "", endpoint, forcePathStyle: true, credentials: { ...credentials, accessKeyId: "WRONG" } }),
        createS3Storage({ bucket: s3?.bucket ?? "", endpoint: `http://127.0.0.1:${await closedPort()}`, forcePathStyle: true, credentials }),
      ],
      s3,
    };
  },
  async () => {
    await s3?.stop();
  },
);

describe("local storage on disk", () => {
  it("leaves nothing behind a failed copy, and no temp file beside a stored one", async () => {
    const root = path.join(scratch, "atomic");
    const storage = createLocalStorage(root);
    await expect(storage.putFile("releases/p/r/a.zip", path.join(scratch, "does-not-exist"), { contentType: "application/zip" })).rejects.toThrow();
    expect(await storage.open("releases/p/r/a.zip")).toBeNull();
    expect(await readdir(path.join(root, "releases/p/r"))).toEqual([]);
    await storage.putFile("releases/p/r/a.zip", await tempFile(Buffer.from("whole")), { contentType: "application/zip" });
    expect(await readdir(path.join(root, "releases/p/r"))).toEqual(["a.zip"]);
  });

  it("getStorage() is the local directory of STORAGE_DIR when S3_BUCKET is unset", async () => {
    const storage = getStorage();
    expect(storage.kind).toBe("local");
    expect(getStorage()).toBe(storage);
    const key = `tests/${randomBytes(6).toString("hex")}.txt`;
    await storage.putFile(key, await tempFile(Buffer.from("env")), { contentType: "text/plain" });
    expect((await readAll(createLocalStorage(process.env.STORAGE_DIR ?? ""), key))?.bytes.toString()).toBe("env");
    await storage.delete(key);
  });
});
