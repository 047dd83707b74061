// The keys a refund is for travel in its Stripe metadata (values ≤ 500 characters each).
import { describe, expect, it } from "vitest";
import { decodeLicenseIds, encodeLicenseIds } from "../../../lib/payments/refund-metadata";

const cuid = (n: number) => `cm${String(n).padStart(23, "0")}`; // 25 characters, like a real id

describe("refund metadata", () => {
  it.each([0, 1, 2, 19, 20, 100])("round-trips %i key ids, every value within Stripe's 500 characters", (count) => {
    const ids = Array.from({ length: count }, (_, i) => cuid(i));
    const metadata = encodeLicenseIds(ids);
    expect(Object.values(metadata).every((value) => value.length <= 500)).toBe(true);
    expect(Object.keys(metadata).length).toBeLessThanOrEqual(50 - 1); // Stripe allows 50 keys; order_id takes one
    expect(decodeLicenseIds({ order_id: "o1", ...metadata })).toEqual(ids);
  });

  it("names the first value license_ids and spills into license_ids_2, _3, …", () => {
    const ids = Array.from({ length: 40 }, (_, i) => cuid(i));
    expect(Object.keys(encodeLicenseIds(ids))).toEqual(["license_ids", "license_ids_2", "license_ids_3"]);
  });

  it.each([
    [null, []],
    [{}, []],
    [{ order_id: "o1" }, []],
    [{ license_ids: " a , b ,," }, ["a", "b"]],
    [{ license_ids_2: "orphan" }, []],
  ])("decodes %j as %j", (metadata, expected) => {
    expect(decodeLicenseIds(metadata)).toEqual(expected);
  });
});
