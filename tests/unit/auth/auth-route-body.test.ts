// POST /api/auth/*: next-auth would read the body without a bound. The route reads it first,
// within 16 KiB, and answers anything longer with 413 in our error vocabulary before next-auth
// sees a byte of it.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST } from "../../../app/api/auth/[...nextauth]/route";

const url = "http://localhost:3000/api/auth/callback/credentials";
const context = { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) };
const form = { "content-type": "application/x-www-form-urlencoded" };

async function expectTooLarge(response: Response) {
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual({
    error: { code: "BODY_TOO_LARGE", message: "The request body must be at most 16384 bytes" },
  });
}

describe("POST /api/auth/* body bound", () => {
  it("refuses a declared Content-Length over 16 KiB before reading", async () => {
    const body = `email=a%40b.co&password=${"x".repeat(17 * 1024)}`;
    const request = new NextRequest(url, { method: "POST", headers: { ...form, "content-length": String(body.length) }, body });
    await expectTooLarge(await POST(request, context));
  });

  it("cuts off a streamed body without a length once it passes 16 KiB", async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode("x".repeat(4096));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Endless unless the reader stops: the route must stop it.
        sent += chunk.byteLength;
        controller.enqueue(chunk);
        if (sent > 1024 * 1024) controller.close();
      },
    });
    // A streamed body needs `duplex: "half"`, which Node's fetch requires and TypeScript's DOM types lack.
    const init = { method: "POST", headers: form, body: stream, duplex: "half" };
    const request = new NextRequest(new Request(url, init));
    await expectTooLarge(await POST(request, context));
    expect(sent).toBeLessThan(64 * 1024);
  });
});
