// GET /api/v1/licenses/{key}/activations (keyset pages on (firstSeenAt, id), freed activations
// included, user agents parsed) and DELETE /api/v1/activations/{id} (frees the slot; 404 after;
// 409 LICENSE_REVOKED on a revoked key, whose activations are frozen).
import { describe, expect, it } from "vitest";
import { activationListResponseSchema, type ActivationObject } from "../../../lib/api/activations/schemas";
import { parseUserAgent } from "../../../lib/api/activations/parse-user-agent";
import type { ActivateLicenseResult } from "../../../lib/api/licenses/schemas";
import type { Pagination } from "../../../lib/api/schemas";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { deactivateDuringRevoke } from "../../helpers/revoke-race";
import { describeServerApi, type ApiErrorJson } from "./helpers/server-api";

type ListJson = { data: ActivationObject[]; pagination: Pagination };
type ActivateJson = { data: ActivateLicenseResult };

describe("user agents", () => {
  it.each([
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "Safari", "Mac OS", "desktop"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "Mobile Safari", "iOS", "mobile"],
    ["curl/8.5.0", "curl", null, null],
    ["GuzzleHttp/7", "GuzzleHttp", null, null],
    ["WordPress/6.4.2; https://example.com", "WordPress", null, null],
  ])("%s → %s / %s / %s", (raw, browser, platform, device) => {
    expect(parseUserAgent(raw)).toEqual({ browser, platform, device, raw });
  });
});

describeServerApi("Server API: activations", (suite) => {
  const activate = (key: string, domain: string) => suite.call<ActivateJson>(`/api/v1/licenses/${key}/activate`, { json: { domain }, headers: { "User-Agent": "curl/8.5.0" } });

  it("pages through a key's activations newest first, both ways, with no duplicates or gaps", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 0 });
    for (let i = 0; i < 23; i++) await activate(license.key, uniqueDomain());
    // Ties on firstSeenAt: only the id orders these.
    const rows = await suite.db().activation.findMany({ where: { licenseId: license.id }, select: { id: true } });
    await suite.db().activation.updateMany({ where: { id: { in: rows.slice(0, 8).map((r) => r.id) } }, data: { firstSeenAt: new Date(Date.now() - 60_000) } });
    const expected = (
      await suite.db().activation.findMany({ where: { licenseId: license.id }, orderBy: [{ firstSeenAt: "desc" }, { id: "desc" }], select: { id: true } })
    ).map((r) => r.id);

    const pages: ListJson[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const answer = await suite.call<ListJson>(`/api/v1/licenses/${license.key}/activations?per_page=5${query}`, { key: suite.readKey() });
      expect(answer.status).toBe(200);
      pages.push(activationListResponseSchema.parse(answer.json));
      cursor = answer.json.pagination.next_cursor;
    } while (cursor);
    expect(pages.flatMap((p) => p.data.map((a) => a.id))).toEqual(expected);
    expect(pages.map((p) => p.pagination.count)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.at(-1)!.pagination.has_more_pages).toBe(false);

    const back: string[][] = [];
    let backCursor: string | null = pages.at(-1)!.pagination.prev_cursor;
    while (backCursor) {
      const previous = await suite.call<ListJson>(`/api/v1/licenses/${license.key}/activations?per_page=5&cursor=${backCursor}`, { key: suite.readKey() });
      back.unshift(previous.json.data.map((a) => a.id));
      backCursor = previous.json.pagination.prev_cursor;
    }
    expect([...back.flat(), ...pages.at(-1)!.data.map((a) => a.id)]).toEqual(expected);
    expect(pages[0]!.data[0]).toMatchObject({ kind: "domain", ip: "127.0.0.1", user_agent: { browser: "curl", platform: null, device: null, raw: "curl/8.5.0" } });
  });

  it("answers 404 for an unknown key and 400 for a bad cursor or per_page", async () => {
    const { license } = await issueTestLicense(suite.db());
    const unknown = await suite.call<ApiErrorJson>("/api/v1/licenses/CP-00000-00000-00000-00000-00000/activations", { key: suite.readKey() });
    expect(unknown.status).toBe(404);
    const licenseList = await suite.call<ListJson>("/api/v1/licenses?per_page=1", { key: suite.readKey() });
    for (const query of ["cursor=nope", `cursor=${licenseList.json.pagination.next_cursor}`, "per_page=500", "page=2"]) {
      const answer = await suite.call<ApiErrorJson>(`/api/v1/licenses/${license.key}/activations?${query}`, { key: suite.readKey() });
      expect(answer.status, query).toBe(400);
    }
  });

  it("deletes an activation: the slot is freed, the record stays with deactivated_at, a second delete is 404", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
    const first = uniqueDomain();
    const activation = (await activate(license.key, first)).json.data.activation!;
    expect((await activate(license.key, uniqueDomain())).json.data.code).toBe("MAX_ACTIVATIONS_EXCEEDED");

    const deleted = await suite.call<{ message: string; data: ActivationObject }>(`/api/v1/activations/${activation.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(deleted.json.message).toBe("Activation deleted");
    expect(deleted.json.data).toMatchObject({ id: activation.id, environment: first });
    expect(deleted.json.data.deactivated_at).not.toBeNull();
    expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(0);

    const again = await suite.call<ApiErrorJson>(`/api/v1/activations/${activation.id}`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ error: { code: "NOT_FOUND", message: "Activation does not exist" } });

    const second = uniqueDomain();
    expect((await activate(license.key, second)).json.data).toMatchObject({ code: "VALID", environment: { activated: true } });
    const list = await suite.call<ListJson>(`/api/v1/licenses/${license.key}/activations`, { key: suite.readKey() });
    expect(list.json.data.map((a) => [a.environment, a.deactivated_at === null])).toEqual([[second, true], [first, false]]);
    const audit = await suite.db().auditEvent.findMany({ where: { subject: `license:${license.id}`, action: "license.activation_deactivated" } });
    expect(audit.map((event) => [event.actor, JSON.parse(event.details ?? "null")])).toEqual([
      [expect.stringMatching(/^api:sk_/), { activationId: activation.id, environment: first }],
    ]);
  });

  it("refuses to delete a revoked key's activation: 409 LICENSE_REVOKED, the slot stays taken", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
    const activation = (await activate(license.key, uniqueDomain())).json.data.activation!;
    const revoked = await suite.call(`/api/v1/licenses/${license.key}/revoke`, { json: { reason: "chargeback" } });
    expect(revoked.status).toBe(200);

    const answer = await suite.call<ApiErrorJson>(`/api/v1/activations/${activation.id}`, { method: "DELETE" });
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe("LICENSE_REVOKED");
    expect((await suite.db().activation.findUniqueOrThrow({ where: { id: activation.id } })).deactivatedAt).toBeNull();
    expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(1);
  });

  it("refuses it too when the revoke commits while the delete waits", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
    const activation = (await activate(license.key, uniqueDomain())).json.data.activation!;
    const answer = await deactivateDuringRevoke(suite.db(), suite.provider, license.id, () =>
      suite.call<ApiErrorJson>(`/api/v1/activations/${activation.id}`, { method: "DELETE" }),
    );
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe("LICENSE_REVOKED");
    expect((await suite.db().activation.findUniqueOrThrow({ where: { id: activation.id } })).deactivatedAt).toBeNull();
    expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(1);
  });

  it("answers 404 for an activation that does not exist", async () => {
    for (const id of ["no-such-activation", "x".repeat(150)]) {
      const answer = await suite.call<ApiErrorJson>(`/api/v1/activations/${id}`, { method: "DELETE" });
      expect(answer.status, id).toBe(404);
      expect(answer.json.error.code).toBe("NOT_FOUND");
    }
  });
});
