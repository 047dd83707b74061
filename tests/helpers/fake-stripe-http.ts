// The HTTP plumbing of the fake Stripe server (tests only): Stripe's form encoding, its error
// shape, and reading a request body.
import type { IncomingMessage } from "node:http";

type Json = Record<string, unknown>;

/** `line_items[0][price_data][currency]=usd` → `{ line_items: [{ price_data: { currency: "usd" } }] }`. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const [head = rawKey, ...rest] = rawKey.split("[").map((part, i) => (i === 0 ? part : part.replace(/\]$/, "")));
    const path = [head, ...rest];
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const nextIsIndex = /^\d+$/.test(path[index + 1] ?? "");
      const container = node as Record<string, unknown>;
      if (last) container[segment] = value;
      else node = (container[segment] ??= nextIsIndex ? [] : {}) as Record<string, unknown>;
    });
  }
  return root;
}

export function stripeError(status: number, type: string, message: string) {
  return { status, body: { error: { type, message } } };
}

export const now = () => Math.floor(Date.now() / 1000);

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
