// The signing worker matches answers to callers by order alone (no ids travel), so these prove
// each caller gets the signature of its own body: thousands in flight at once, bodies of different
// sizes and scripts, and more than the queue's compaction threshold.
import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signBody, signingKeyFromPem, signBodyOffThread } from "../../../lib/licenses/signing";

const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const key = signingKeyFromPem(pem);
const publicKey = createPublicKey(key.privateKey);
const valid = (body: string, signature: string) => verify(null, Buffer.from(body, "utf8"), publicKey, Buffer.from(signature, "base64"));

describe("signing worker", () => {
  it("gives 3,000 concurrent callers each the signature of their own body", async () => {
    const bodies = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, text: "ü€😀".repeat(i % 50), pad: "x".repeat(i % 700) }));
    const signatures = await Promise.all(bodies.map((body) => key.worker.sign(body)));
    const wrong = bodies.filter((body, i) => !valid(body, signatures[i] ?? ""));
    expect(wrong).toEqual([]);
    // Off-thread and inline signing agree byte for byte (Ed25519 is deterministic).
    expect(signBody(key, Buffer.from(bodies[7] ?? "", "utf8"))).toBe(signatures[7]);
    expect(await signBodyOffThread(key, bodies[7] ?? "")).toBe(signatures[7]);
  });

  it("keeps matching answers across waves that leave callers waiting between them", async () => {
    const waves = await Promise.all(
      Array.from({ length: 5 }, async (_, wave) => {
        await new Promise((resolve) => setTimeout(resolve, wave * 3));
        const bodies = Array.from({ length: 400 }, (_, i) => `wave ${wave} body ${i}`);
        const signatures = await Promise.all(bodies.map((body) => key.worker.sign(body)));
        return bodies.every((body, i) => valid(body, signatures[i] ?? ""));
      }),
    );
    expect(waves).toEqual([true, true, true, true, true]);
  });

  it("close() (a key rotated out) still answers the bodies in flight, then signs inline", async () => {
    const retired = signingKeyFromPem(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const retiredPublic = createPublicKey(retired.privateKey);
    const check = (body: string, signature: string) => verify(null, Buffer.from(body, "utf8"), retiredPublic, Buffer.from(signature, "base64"));
    const bodies = Array.from({ length: 200 }, (_, i) => `in flight ${i}`);
    const inFlight = bodies.map((body) => retired.worker.sign(body));
    retired.worker.close();
    const after = await retired.worker.sign("after close");
    expect((await Promise.all(inFlight)).every((signature, i) => check(bodies[i] ?? "", signature))).toBe(true);
    expect(check("after close", after)).toBe(true);
  });
});

