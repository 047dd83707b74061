// Rotating the response-signing key: the stored key set (rotateSigningKey, one rotation at a time,
// an existing store's key kept as the previous one), two app instances picking a rotation up
// without a restart (the next key published before it signs; answers then signed with it; the old
// key published until its date, then gone), keys from the environment, and the CLI.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync, verify as verifySignature, createPublicKey } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { rotateSigningKey } from "../../../lib/licenses/rotate-signing-key";
import { keyIdOf, publicKeyOfPrivatePem } from "../../../lib/licenses/signing-key-set";
import { LEGACY_SIGNING_KEY_SETTING, loadSigningKeys, readSigningKeys, SIGNING_KEYS_SETTING } from "../../../lib/licenses/signing-key-store";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { callApi, SIGNING_KEY_PATH, verify, type ApiResponse } from "../../helpers/license-api-server";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { describeEachDatabase, describeEachDatabaseWith, openTestDatabase } from "../../helpers/test-databases";
import { REPO_ROOT } from "../../../scripts/db/check";

const newPem = () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type PublishedKey = { key_id: string; public_key: string; public_key_pem: string; current: boolean; signs_from: string | null; published_until: string | null };
type SigningKeyBody = { key_id: string; public_key: string; keys: PublishedKey[] };

/** Polls `check` until it returns a value (not undefined), or fails after `ms`. */
async function eventually<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting ${ms} ms for ${what}`);
    await settle(100);
  }
}

function startServer(databaseUrl: string, env: { refreshSeconds?: number; privateKey?: string; publishedKeys?: string } = {}) {
  return startStoreServer({
    databaseUrl,
    env: {
      LICENSE_SIGNING_KEYS_REFRESH_SECONDS: env.refreshSeconds ?? 60,
      LICENSE_SIGNING_PUBLISHED_KEYS: env.publishedKeys,
      LICENSE_SIGNING_PRIVATE_KEY: env.privateKey,
    },
  });
}

const published = (server: StoreServer) => callApi<SigningKeyBody>(server, SIGNING_KEY_PATH);

function signedBy(answer: ApiResponse<unknown>, key: PublishedKey): boolean {
  const signature = Buffer.from(answer.headers.get("x-cp-signature") ?? "", "base64");
  return verifySignature(null, answer.bytes, createPublicKey(key.public_key_pem), signature);
}

describeEachDatabase("rotateSigningKey", (getDb: () => Db) => {
  it("keeps an existing store's key (the one-key row of before) as the previous key", async () => {
    const db = getDb();
    const pem = newPem();
    await db.setting.create({ data: { key: LEGACY_SIGNING_KEY_SETTING, value: pem } });
    expect((await readSigningKeys(db))?.entries.map((entry) => entry.privateKeyPem)).toEqual([pem]);

    const now = new Date();
    const signsFrom = new Date(now.getTime() + 60_000);
    const result = await rotateSigningKey(db, { now, signsFrom, overlapMs: 86_400_000 });
    if (result.outcome !== "rotated") throw new Error(result.outcome);
    expect(result.previous).toEqual({ keyId: keyIdOf(publicKeyOfPrivatePem(pem)), publishedUntil: new Date(signsFrom.getTime() + 86_400_000) });
    expect(await db.setting.findUnique({ where: { key: LEGACY_SIGNING_KEY_SETTING } })).toBeNull();
    const stored = await readSigningKeys(db);
    expect(stored?.entries.map((entry) => [keyIdOf(entry.publicKey), entry.signsFrom, entry.publishedUntil])).toEqual([
      [result.previous.keyId, null, result.previous.publishedUntil],
      [result.next.keyId, signsFrom, null],
    ]);

    // One rotation at a time: the scheduled key must start signing before the next rotation.
    expect(await rotateSigningKey(db, { now, signsFrom: new Date(now.getTime() + 120_000), overlapMs: 0 })).toEqual({
      outcome: "already_scheduled",
      next: { keyId: result.next.keyId, signsFrom },
    });
    await db.setting.deleteMany({ where: { key: { in: [SIGNING_KEYS_SETTING, LEGACY_SIGNING_KEY_SETTING] } } });
  });

  it("creates one key on first use, and concurrent rotations schedule exactly one next key", async () => {
    const db = getDb();
    const loads = await Promise.all(Array.from({ length: 5 }, () => loadSigningKeys(db)));
    expect(new Set(loads.map((load) => load.entries[0]?.publicKey)).size).toBe(1);

    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => rotateSigningKey(db, { now, signsFrom: new Date(now.getTime() + 60_000), overlapMs: 1000 })),
    );
    expect(results.filter((result) => result.outcome === "rotated")).toHaveLength(1);
    expect(results.filter((result) => result.outcome === "already_scheduled")).toHaveLength(4);
    expect((await readSigningKeys(db))?.entries).toHaveLength(2);
    await db.setting.deleteMany({ where: { key: SIGNING_KEYS_SETTING } });
  });
});

const REFRESH_SECONDS = 1;

describeEachDatabaseWith(
  "Rotation across two instances",
  {
    setup: async (database) => {
      const servers = await Promise.all([startServer(database.url, { refreshSeconds: REFRESH_SECONDS }), startServer(database.url, { refreshSeconds: REFRESH_SECONDS })]);
      return { servers, db: database.db };
    },
    teardown: async ({ servers }) => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  },
  ({ fixture }) => {
    it("publishes the next key before it signs, then signs with it, then drops the old key after its date", async () => {
      const { servers, db } = fixture();
      const before = await Promise.all(servers.map(published));
      const oldKey = before[0]!.json.keys[0]!;
      expect(before.map((answer) => [answer.json.key_id, answer.json.keys.length])).toEqual([[oldKey.key_id, 1], [oldKey.key_id, 1]]);
      expect(before[0]!.headers.get("cache-control")).toBe(`public, max-age=${REFRESH_SECONDS}`);

      const rotatedAt = Date.now();
      const signsFrom = new Date(rotatedAt + 5000);
      const overlapMs = 3000;
      const result = await rotateSigningKey(db, { now: new Date(rotatedAt), signsFrom, overlapMs });
      if (result.outcome !== "rotated") throw new Error(result.outcome);
      const { license } = await issueTestLicense(db, { maxActivations: 0 });

      // Each instance publishes the new key within its refresh interval, still signing with the old one.
      for (const server of servers) {
        const listed = await eventually("the next key to be published", 4000, async () => {
          const answer = await published(server);
          return answer.json.keys.some((key) => key.key_id === result.next.keyId) ? answer : undefined;
        });
        expect(Date.now()).toBeLessThan(signsFrom.getTime());
        expect(listed.json).toMatchObject({ key_id: oldKey.key_id, public_key: oldKey.public_key });
        expect(listed.json.keys.map((key) => [key.key_id, key.current, key.signs_from])).toEqual([
          [oldKey.key_id, true, null],
          [result.next.keyId, false, signsFrom.toISOString()],
        ]);
      }

      // From signsFrom on, each instance signs with the new key; never before it.
      for (const server of servers) {
        const answer = await eventually("answers signed with the new key", 10_000, async () => {
          const response = await verify(server, { key: license.key, domain: uniqueDomain() });
          const keyId = response.headers.get("x-cp-signature-key-id");
          if (keyId === result.next.keyId) return response;
          expect(keyId).toBe(oldKey.key_id);
          return undefined;
        });
        expect(Date.now()).toBeGreaterThanOrEqual(signsFrom.getTime());
        const keys = (await published(server)).json;
        expect(keys.key_id).toBe(result.next.keyId);
        const newKey = keys.keys.find((key) => key.current)!;
        expect(newKey.key_id).toBe(result.next.keyId);
        expect(signedBy(answer, newKey)).toBe(true);
        expect(keys.keys.find((key) => key.key_id === oldKey.key_id)?.published_until).toBe(new Date(signsFrom.getTime() + overlapMs).toISOString());
      }

      // The old key's private part is erased from the database once nothing signs with it.
      await eventually("the old private key to be erased", 5000, async () => {
        const stored = await readSigningKeys(db);
        const old = stored?.entries.find((entry) => keyIdOf(entry.publicKey) === oldKey.key_id);
        return old?.privateKeyPem === null ? true : undefined;
      });

      // After its date the old key is no longer published.
      for (const server of servers) {
        await eventually("the old key to be dropped", 10_000, async () => {
          const answer = await published(server);
          return answer.json.keys.some((key) => key.key_id === oldKey.key_id) ? undefined : answer;
        });
        expect(Date.now()).toBeGreaterThanOrEqual(signsFrom.getTime() + overlapMs);
      }
    });
  },
);

describe("keys from the environment", () => {
  it("signs with LICENSE_SIGNING_PRIVATE_KEY and publishes LICENSE_SIGNING_PUBLISHED_KEYS until their dates", async () => {
    const database = await openTestDatabase("sqlite");
    const current = newPem();
    const [previous, expired, forever] = [newPem(), newPem(), newPem()].map(publicKeyOfPrivatePem);
    const until = new Date(Date.now() + 30 * 86_400_000);
    const server = await startServer(database.url, {
      privateKey: current.replace(/\n/g, "\\n"), // one line, as in a .env file
      publishedKeys: `${previous}@${until.toISOString()}, ${expired}@2020-01-01\n${forever}`,
    });
    try {
      const keys = (await published(server)).json;
      expect(keys.key_id).toBe(keyIdOf(publicKeyOfPrivatePem(current)));
      expect(keys.keys.map((key) => [key.public_key, key.current, key.published_until])).toEqual([
        [publicKeyOfPrivatePem(current), true, null],
        [previous, false, until.toISOString()],
        [forever, false, null],
      ]);
      const { license } = await issueTestLicense(database.db);
      const answer = await verify(server, { key: license.key, domain: uniqueDomain() });
      expect(answer.headers.get("x-cp-signature-key-id")).toBe(keys.key_id);
      expect(signedBy(answer, keys.keys[0]!)).toBe(true);
      // Nothing of it is kept in the database.
      expect(await database.db.setting.count({ where: { key: { in: [SIGNING_KEYS_SETTING, LEGACY_SIGNING_KEY_SETTING] } } })).toBe(0);
    } finally {
      await server.stop();
      await database.close();
    }
  });
});

describe("keys from the environment, before moving the signing key there", () => {
  it("publishes LICENSE_SIGNING_PUBLISHED_KEYS beside the key kept in the database, which still signs", async () => {
    const database = await openTestDatabase("sqlite");
    const upcoming = publicKeyOfPrivatePem(newPem());
    const server = await startServer(database.url, { publishedKeys: upcoming });
    try {
      const keys = (await published(server)).json;
      const stored = await readSigningKeys(database.db);
      expect(keys.key_id).toBe(keyIdOf(stored!.entries[0]!.publicKey));
      expect(keys.keys.map((key) => [key.public_key, key.current])).toEqual([
        [stored!.entries[0]!.publicKey, true],
        [upcoming, false],
      ]);
    } finally {
      await server.stop();
      await database.close();
    }
  });
});

describe("npm run signing-key:rotate", () => {
  const run = (databaseUrl: string, args: string[], env: Record<string, string> = {}) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, STORE_MODE: "demo", LICENSE_SIGNING_KEYS_REFRESH_SECONDS: "1", ...env };
    if (!env.LICENSE_SIGNING_PRIVATE_KEY) delete childEnv.LICENSE_SIGNING_PRIVATE_KEY;
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", "signing-key-rotate.ts"), ...args], { cwd: REPO_ROOT, env: childEnv, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it("schedules a new key, prints its public key, and refuses a second rotation or a key from the environment", async () => {
    const database = await openTestDatabase("sqlite");
    try {
      const first = run(database.url, ["--overlap-days", "7"]);
      expect(first.stderr).toBe("");
      expect(first.status).toBe(0);
      const stored = await readSigningKeys(database.db);
      const [previous, next] = stored?.entries ?? [];
      expect(first.stdout).toContain(`New signing key ${keyIdOf(next!.publicKey)}`);
      expect(first.stdout.trim().split("\n").at(-1)).toBe(next!.publicKey);
      expect(next!.signsFrom!.getTime() - Date.now()).toBeGreaterThan(0);
      expect(previous!.publishedUntil!.getTime() - next!.signsFrom!.getTime()).toBe(7 * 86_400_000);

      const second = run(database.url, []);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain("already scheduled");

      const configured = run(database.url, [], { LICENSE_SIGNING_PRIVATE_KEY: newPem() });
      expect(configured.status).toBe(1);
      expect(configured.stderr).toContain("LICENSE_SIGNING_PUBLISHED_KEYS");
      expect(run(database.url, ["--overlap-days", "-1"]).status).toBe(1);
    } finally {
      await database.close();
    }
  });
});
