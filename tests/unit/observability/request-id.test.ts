import { describe, expect, it } from "vitest";
import { requestIdFrom } from "@/lib/observability/request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdFrom", () => {
  it.each([
    ["a load balancer's UUID", "3f0c1f62-6a0e-4b8e-9d7a-0b1f6b0d2c11"],
    ["an AWS trace-like id", "Root.1-67891233.abcdef012345678912345678"],
    ["8 characters, the shortest kept", "abcdEF12"],
    ["64 characters, the longest kept", "a".repeat(64)],
  ])("keeps %s", (_label, incoming) => {
    expect(requestIdFrom(incoming)).toBe(incoming);
  });

  it.each([
    ["none", undefined],
    ["an empty one", ""],
    ["7 characters", "abcdEF1"],
    ["65 characters", "a".repeat(65)],
    ["a space", "abcd efgh"],
    ["a newline (log injection)", "abcdefgh\n{\"level\":\"fatal\"}"],
    ["an email address", "someone@example.com"],
    ["a repeated header", ["abcdefgh12", "ijklmnop34"]],
  ])("replaces %s with a new UUID", (_label, incoming) => {
    const id = requestIdFrom(incoming as string | string[] | undefined);
    expect(id).toMatch(UUID);
    expect(requestIdFrom(incoming as string | undefined)).not.toBe(id);
  });
});
