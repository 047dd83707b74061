// The public license endpoints installed products call (no API key), described with the request
// schemas their handlers parse with (lib/licenses/schemas.ts) and the response schemas in
// lib/api/public/schemas.ts.
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { deactivateRequestSchema, verifyRequestSchema } from "../../licenses/schemas";
import { updateCheckQuerySchema } from "../../releases/update-request";
import { deactivateResponseSchema, signingKeyResponseSchema, verifyResponseSchema } from "../public/schemas";
import { updateResponseSchema } from "../public/update-schemas";
import { curl, errors } from "./operations";

const KEY = "CP-TNZ8C-MX91J-Q269H-MM1KX-CP4JW";
const SIGNED =
  "Signed: X-CP-Signature (Ed25519 over the exact body bytes, base64) and X-CP-Signature-Key-Id; the public key is at /api/v1/licenses/signing-key.";
const publicErrors = errors({
  400: "INVALID_REQUEST, INVALID_DOMAIN, INVALID_JSON or UNSUPPORTED_CONTENT_TYPE: nothing was changed",
  413: "BODY_TOO_LARGE: the body is over 8 KiB; nothing was changed",
  429: "RATE_LIMITED: too many requests from this IP or for this key; see Retry-After",
});
const jsonOrForm = <T>(schema: T, example: Record<string, string>) => ({
  required: true,
  content: { "application/json": { schema, example }, "application/x-www-form-urlencoded": { schema, example } },
});

export const publicApiPaths: ZodOpenApiPathsObject = {
  "/api/v1/licenses/verify": {
    post: {
      operationId: "verifyLicense",
      tags: ["Public license API"],
      summary: "Verify a license key",
      description: `Called by installed products, no API key. The first verify from a new environment (the domain, else the caller's IP) activates it. Every decided outcome is HTTP 200 with \`valid\` and a stable \`code\`. Never reveals the customer. ${SIGNED}`,
      security: [],
      requestBody: jsonOrForm(verifyRequestSchema, { key: KEY, domain: "example.com", product: "pro-forms-plugin", nonce: "r4nd0m" }),
      responses: { 200: { description: "The decided outcome", content: { "application/json": { schema: verifyResponseSchema } } }, ...publicErrors },
      ...curl({ method: "POST", path: "/api/v1/licenses/verify", auth: false, json: { key: KEY, domain: "example.com" } }),
    },
  },
  "/api/v1/licenses/deactivate": {
    post: {
      operationId: "deactivateEnvironment",
      tags: ["Public license API"],
      summary: "Deactivate an environment",
      description: `An installed product frees its own environment's slot (the domain, else the caller's IP). No API key. Every decided outcome is HTTP 200 with \`success\` and a stable \`code\` (the first that applies wins): \`NOT_FOUND\`, \`REVOKED\` (a revoked key's activations are frozen: nothing changes), \`NOT_ACTIVATED\`, \`DEACTIVATED\`. ${SIGNED}`,
      security: [],
      requestBody: jsonOrForm(deactivateRequestSchema, { key: KEY, domain: "example.com" }),
      responses: { 200: { description: "DEACTIVATED, NOT_ACTIVATED, REVOKED or NOT_FOUND", content: { "application/json": { schema: deactivateResponseSchema } } }, ...publicErrors },
      ...curl({ method: "POST", path: "/api/v1/licenses/deactivate", auth: false, json: { key: KEY, domain: "example.com" } }),
    },
  },
  "/api/v1/licenses/signing-key": {
    get: {
      operationId: "getSigningKey",
      tags: ["Public license API"],
      summary: "Get the response-signing public key",
      description:
        "The Ed25519 public key that signs Verify and deactivate answers, and every key published now (`keys`): when the store rotates its key, the next one is listed before it starts signing and the previous one stays listed until its `published_until`. Ship the keys inside your product rather than fetching them at run time, and pick one by `X-CP-Signature-Key-Id`.",
      security: [],
      responses: { 200: { description: "The public key", content: { "application/json": { schema: signingKeyResponseSchema } } } },
      ...curl({ method: "GET", path: "/api/v1/licenses/signing-key", auth: false }),
    },
  },
  "/api/v1/updates/{slug}": {
    get: {
      operationId: "checkForUpdates",
      tags: ["Public license API"],
      summary: "Check for updates (plugin-update-checker v5)",
      description: `What WordPress's plugin-update-checker v5 reads: its plugin JSON (or its theme JSON for a theme) for the newest published release of the product, HTTP 200 whatever the key. The key (\`license_key\` or \`key\`) is judged exactly as Verify judges it for this product and site (\`domain\`, else the site in WordPress's user agent, else the caller's IP): a check from a new site takes a slot. \`download_url\` is there only when \`license.code\` is VALID. Beta releases only with \`channel=beta\`. Rate-limited with Verify's budgets. ${SIGNED}`,
      security: [],
      requestParams: { path: z.object({ slug: z.string().meta({ description: "The product's slug", example: "pro-forms-plugin" }) }), query: updateCheckQuerySchema },
      responses: {
        200: { description: "The update information and the key's verdict", content: { "application/json": { schema: updateResponseSchema } } },
        ...errors({
          400: "INVALID_REQUEST, INVALID_DOMAIN or QUERY_TOO_LONG: nothing was changed",
          404: "PRODUCT_NOT_FOUND: no product has this slug",
          429: "RATE_LIMITED: too many requests from this IP or for this key; see Retry-After",
        }),
      },
      ...curl({ method: "GET", path: `/api/v1/updates/pro-forms-plugin?license_key=${KEY}&domain=example.com&installed_version=1.0.0`, auth: false }),
    },
  },
  "/api/v1/downloads/{token}": {
    get: {
      operationId: "downloadRelease",
      tags: ["Public license API"],
      summary: "Download a release",
      description:
        "Where an update check's `download_url` leads (and a signed-in customer's download). The link is signed by the store, bound to a key, a release and a site, and valid 7 days; at download the key is checked again (not revoked, entitled to this release, the site still activated). Streams the file with Content-Length and `Content-Disposition: attachment`, or redirects (302) to a presigned URL valid 5 minutes when releases are kept in S3. Every download is recorded.",
      security: [],
      requestParams: { path: z.object({ token: z.string().meta({ description: "The opaque token of a download_url" }) }) },
      responses: {
        200: { description: "The file", content: { "application/zip": { schema: z.string().meta({ format: "binary" }) } } },
        302: { description: "S3 storage: the presigned URL in Location" },
        403: { description: "One plain line: the link was altered, expired, the key was revoked, is not entitled to this release, the site was deactivated or the release withdrawn", content: { "text/plain": { schema: z.string() } } },
        429: { description: "Too many downloads from this IP; see Retry-After", content: { "text/plain": { schema: z.string() } } },
      },
      ...curl({ method: "GET", path: "/api/v1/downloads/$TOKEN", auth: false }),
    },
  },
  "/api/v1/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      tags: ["Meta"],
      summary: "This OpenAPI document",
      description: "The OpenAPI 3.1 description of every endpoint above, generated from the schemas the routes parse with.",
      security: [],
      responses: {
        200: {
          description: "An OpenAPI 3.1 document",
          content: { "application/json": { schema: z.looseObject({ openapi: z.literal("3.1.0") }) } },
        },
      },
      ...curl({ method: "GET", path: "/api/v1/openapi.json", auth: false }),
    },
  },
};
