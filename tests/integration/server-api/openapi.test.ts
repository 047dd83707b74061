// The OpenAPI document: structurally valid 3.1 (every $ref resolves, unique operation ids, every
// operation answers something), listing every route handler under app/api/v1 with its methods,
// with the scope each server API route enforces; served at /api/v1/openapi.json; and the
// /docs/api page renders it without any external resource.
import { readdirSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import ApiReferencePage from "../../../app/docs/api/page";
import { createApiDocument, type ApiDocument } from "../../../lib/api/openapi/document";
import { isServedMethod } from "../../../lib/http/route-methods";
import { LEAN_ROUTES } from "../../../server/license-api";
import { REPO_ROOT } from "../../../scripts/db/check";
import { describeServerApi } from "./helpers/server-api";

const API_DIR = path.join(REPO_ROOT, "app", "api", "v1");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** The scope each server API operation requires (what apiRoute enforces; tested over HTTP elsewhere). */
const SCOPES: Record<string, "read" | "write"> = {
  "GET /api/v1/licenses": "read",
  "POST /api/v1/licenses": "write",
  "GET /api/v1/licenses/{key}": "read",
  "POST /api/v1/licenses/{key}/activate": "write",
  "POST /api/v1/licenses/{key}/revoke": "write",
  "GET /api/v1/licenses/{key}/activations": "read",
  "DELETE /api/v1/activations/{id}": "write",
  "GET /api/v1/products/{product}/releases": "read",
  "POST /api/v1/products/{product}/releases": "write",
  "GET /api/v1/products/{product}/releases/{release}": "read",
  "POST /api/v1/products/{product}/releases/{release}/publish": "write",
  "POST /api/v1/products/{product}/releases/{release}/yank": "write",
};

/**
 * Every `METHOD /path` served under /api/v1: the methods each route.ts under app/api/v1 serves
 * (not routeMethods' 405 answers), `[param]` written as `{param}`, and the lean endpoints.
 */
async function routeHandlers(): Promise<string[]> {
  const files = readdirSync(API_DIR, { recursive: true }).map(String).filter((f) => path.basename(f) === "route.ts");
  const found = Object.entries(LEAN_ROUTES).map(([route, { method }]) => `${method} ${route}`);
  for (const file of files) {
    const exports = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    const route = `/api/v1/${path.dirname(file).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, "{$1}");
    for (const method of HTTP_METHODS) if (isServedMethod(exports[method])) found.push(`${method} ${route}`);
  }
  return found.sort();
}

function documentedOperations(document: ApiDocument): string[] {
  return Object.entries(document.paths ?? {})
    .flatMap(([route, item]) => HTTP_METHODS.filter((m) => item[m.toLowerCase() as "get"]).map((m) => `${m} ${route}`))
    .sort();
}

/** Every `$ref` in the document, with where it was found. */
function collectRefs(node: unknown, at = "#"): { ref: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => collectRefs(item, `${at}/${i}`));
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "$ref" && typeof value === "string" ? [{ ref: value, at }] : collectRefs(value, `${at}/${key}`),
  );
}

function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, part) => (typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined), document);
}

describe("OpenAPI document", () => {
  const document = createApiDocument({ serverUrl: "https://store.example.com" });

  it("is OpenAPI 3.1.0 with info, a bearer security scheme and servers", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.servers).toEqual([{ url: "https://store.example.com" }]);
    expect(document.components?.securitySchemes?.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("lists every endpoint under /api/v1 with exactly the methods it serves", async () => {
    const handlers = await routeHandlers();
    expect(handlers).toEqual(expect.arrayContaining(Object.keys(SCOPES)));
    expect(documentedOperations(document)).toEqual(handlers);
  });

  it("requires the right API key scope on the server API and none on the public endpoints", () => {
    for (const [route, item] of Object.entries(document.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const operation = item[method.toLowerCase() as "get"];
        if (!operation) continue;
        const scope = SCOPES[`${method} ${route}`];
        expect(operation.security, `${method} ${route}`).toEqual(scope ? [{ apiKey: [scope] }] : []);
        if (scope) expect(Object.keys(operation.responses ?? {})).toEqual(expect.arrayContaining(["401", "429", ...(scope === "write" ? ["403"] : [])]));
      }
    }
  });

  it("resolves every $ref and has unique operation ids, each with a success response and a curl example", () => {
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const { ref, at } of refs) expect(resolvePointer(document, ref), `${ref} at ${at}`).toBeDefined();
    const operations = Object.values(document.paths ?? {}).flatMap((item) => HTTP_METHODS.flatMap((m) => item[m.toLowerCase() as "get"] ?? []));
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      expect(Object.keys(operation.responses ?? {}).some((status) => status.startsWith("2")), operation.operationId).toBe(true);
      expect((operation as { "x-codeSamples"?: unknown[] })["x-codeSamples"], operation.operationId).toHaveLength(1);
    }
  });

  it("documents the license object and the Verify answer as named schemas", () => {
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["License", "LicenseList", "Pagination", "Activation", "ActivationList", "Error", "VerifyResponse"]));
    expect(Object.keys((schemas.License as { properties: object }).properties)).toEqual([
      "id", "status", "customer", "product", "key", "masked_key", "is_active", "is_expired", "can_activate", "activations",
      "metadata", "activated_at", "expires_at", "revoked_at", "revoke_reason", "created_at", "updated_at",
    ]);
  });
});

describe("/docs/api", () => {
  it("renders every operation, its parameters and curl example, with no external script, style or font", () => {
    const html = renderToStaticMarkup(createElement(ApiReferencePage));
    const document = createApiDocument();
    for (const route of Object.keys(document.paths ?? {})) expect(html).toContain(`<code class="text-base">${route}</code>`);
    expect(html).toContain("curl -s -X POST &quot;$STORE_URL/api/v1/licenses/CP-TNZ8C-MX91J-Q269H-MM1KX-CP4JW/revoke&quot;");
    expect(html).toContain("customer_email");
    expect(html).toContain('id="schema-License"');
    expect(html).not.toMatch(/<script|<link|@import|https?:\/\/(?!store\.example|localhost)[^"<\s]*\.(js|css|woff2?)/);
  });
});

describeServerApi("GET /api/v1/openapi.json", (suite) => {
  it("serves the document, without an API key, with the store's URL as its server", async () => {
    const answer = await suite.call<ApiDocument>("/api/v1/openapi.json", { key: null });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(JSON.parse(JSON.stringify(createApiDocument({ serverUrl: "http://store.test:3000" }))));
  });
});
