// One rule for freeing a slot, whoever asks (the customer, the admin, the server API; the public
// Deactivate is tested over HTTP in deactivate-endpoint.test.ts): a revoked key's activations are
// frozen, also when the revoke races the deactivation, and every deactivation is audited.
import { expect, it } from "vitest";
import { deleteActivation } from "../../../lib/api/activations/delete-activation";
import type { Db } from "../../../lib/db";
import { ApiError } from "../../../lib/http/api-error";
import { deactivateActivationAsAdmin, deactivateActivationForCustomer } from "../../../lib/licenses/deactivate-license-activation";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { activate } from "../admin/helpers";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { deactivateDuringRevoke } from "../../helpers/revoke-race";
import { describeEachDatabase } from "../../helpers/test-databases";

async function activeKey(db: Db) {
  const { license, customer } = await issueTestLicense(db, { maxActivations: 2 });
  const domain = uniqueDomain();
  await activate(db, license.id, domain);
  const activation = await db.activation.findFirstOrThrow({ where: { licenseId: license.id } });
  return { license, customer, activation, domain };
}

type Key = Awaited<ReturnType<typeof activeKey>>;

/** Each path, answering "freed" or "refused" (what a refusal looks like differs per path). */
const PATHS: { name: string; actor: (key: Key) => string; free: (db: Db, key: Key) => Promise<"freed" | "refused" | string> }[] = [
  {
    name: "the customer (Account → Licenses)",
    actor: (key) => key.customer.id,
    free: async (db, { license, activation, customer }) => {
      const result = await deactivateActivationForCustomer(db, { licenseId: license.id, activationId: activation.id, userId: customer.id });
      return result.outcome === "deactivated" ? "freed" : result.outcome === "revoked" ? "refused" : result.outcome;
    },
  },
  {
    name: "the admin",
    actor: () => "admin-1",
    free: async (db, { license, activation }) => {
      const result = await deactivateActivationAsAdmin(db, { licenseId: license.id, activationId: activation.id, actor: "admin-1" });
      return result.outcome === "deactivated" ? "freed" : result.outcome === "revoked" ? "refused" : result.outcome;
    },
  },
  {
    name: "the server API (DELETE /api/v1/activations/{id})",
    actor: () => "api:sk_test1234",
    free: async (db, { activation }) => {
      try {
        await deleteActivation(db, activation.id, "api:sk_test1234");
        return "freed";
      } catch (error) {
        if (error instanceof ApiError && error.code === "LICENSE_REVOKED" && error.status === 409) return "refused";
        throw error;
      }
    },
  },
];

const deactivations = (db: Db, licenseId: string) =>
  db.auditEvent.findMany({ where: { subject: `license:${licenseId}`, action: "license.activation_deactivated" } });

async function expectUntouched(db: Db, key: Key) {
  expect((await db.activation.findUniqueOrThrow({ where: { id: key.activation.id } })).deactivatedAt).toBeNull();
  expect((await db.license.findUniqueOrThrow({ where: { id: key.license.id } })).activationsUsed).toBe(1);
  expect(await deactivations(db, key.license.id)).toEqual([]);
}

describeEachDatabase("deactivating a revoked key's activation", (getDb, provider) => {
  it.each(PATHS)("$name: refused, nothing changes", async ({ free }) => {
    const key = await activeKey(getDb());
    await revokeLicense(getDb(), { licenseId: key.license.id, actor: "admin-1" });
    expect(await free(getDb(), key)).toBe("refused");
    await expectUntouched(getDb(), key);
  });

  it.each(PATHS)("$name: refused when the revoke commits while the deactivation waits", async ({ free }) => {
    const key = await activeKey(getDb());
    const answer = await deactivateDuringRevoke(getDb(), provider, key.license.id, () => free(getDb(), key));
    expect(answer).toBe("refused");
    await expectUntouched(getDb(), key);
  });

  it.each(PATHS)("$name: a deactivation is audited in its transaction, naming who", async ({ free, actor }) => {
    const key = await activeKey(getDb());
    expect(await free(getDb(), key)).toBe("freed");
    expect((await getDb().license.findUniqueOrThrow({ where: { id: key.license.id } })).activationsUsed).toBe(0);
    const events = await deactivations(getDb(), key.license.id);
    expect(events.map((e) => ({ actor: e.actor, details: JSON.parse(e.details ?? "null") as unknown }))).toEqual([
      { actor: actor(key), details: { activationId: key.activation.id, environment: key.domain } },
    ]);
  });
});
