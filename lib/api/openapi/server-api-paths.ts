// The server API's operations, described with the very schemas its route handlers parse with
// and answer in (lib/api/licenses/schemas.ts, lib/api/activations/schemas.ts).
import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  activationIdParamsSchema,
  activationListQuerySchema,
  activationListResponseSchema,
  deleteActivationResponseSchema,
} from "../activations/schemas";
import {
  activateLicenseBodySchema,
  activateLicenseResponseSchema,
  issueLicenseBodySchema,
  licenseKeyParamsSchema,
  licenseListResponseSchema,
  licenseResponseSchema,
  listLicensesQuerySchema,
  revokeLicenseBodySchema,
} from "../licenses/schemas";
import { curl, errors, ok, requireScope } from "./operations";

const KEY = "CP-TNZ8C-MX91J-Q269H-MM1KX-CP4JW";
const ACTIVATION_ID = "cmf2k7x0q0004abcd1234efgh";
const json = <T>(schema: T, example?: Record<string, unknown>) => ({ content: { "application/json": { schema, example } } });

export const serverApiPaths: ZodOpenApiPathsObject = {
  "/api/v1/licenses": {
    get: {
      operationId: "listLicenses",
      tags: ["Licenses"],
      summary: "List licenses",
      description:
        "Licenses newest first, filtered by status, customer or product. Pages are cursor-based: pass `next_cursor` (or `prev_cursor`) as `cursor` for the next (or previous) page; every page costs the same however many licenses exist. Unknown query parameters are refused rather than ignored.",
      security: requireScope("read"),
      requestParams: { query: listLicensesQuerySchema },
      responses: { 200: ok("A page of licenses", licenseListResponseSchema), ...errors({ 400: true, 401: true, 429: true }) },
      ...curl({ method: "GET", path: "/api/v1/licenses?status=active&per_page=20", auth: true }),
    },
    post: {
      operationId: "issueLicense",
      tags: ["Licenses"],
      summary: "Issue a license",
      description:
        "Issues a new key for an existing customer (`customer_id` or `customer_email`) and product (`product_id` or `product_slug`). Max activations and expiry default to the product's.",
      security: requireScope("write"),
      requestBody: { required: true, ...json(issueLicenseBodySchema, { customer_email: "jane@example.com", product_slug: "pro-forms-plugin", max_activations: 3, expires_at: null, metadata: { crm_id: "A-1042" } }) },
      responses: {
        201: ok("The new license", licenseResponseSchema),
        ...errors({ 400: true, 401: true, 403: true, 413: true, 422: "VALIDATION_ERROR, CUSTOMER_NOT_FOUND or PRODUCT_NOT_FOUND", 429: true }),
      },
      ...curl({ method: "POST", path: "/api/v1/licenses", auth: true, json: { customer_email: "jane@example.com", product_slug: "pro-forms-plugin", max_activations: 3 } }),
    },
  },
  "/api/v1/licenses/{key}": {
    get: {
      operationId: "getLicense",
      tags: ["Licenses"],
      summary: "Get a license",
      description: "One license by its key. Case, spaces, missing dashes and the look-alikes O/I/L are forgiven.",
      security: requireScope("read"),
      requestParams: { path: licenseKeyParamsSchema },
      responses: { 200: ok("The license", licenseResponseSchema), ...errors({ 401: true, 404: "NOT_FOUND: no license with this key", 429: true }) },
      ...curl({ method: "GET", path: `/api/v1/licenses/${KEY}`, auth: true }),
    },
  },
  "/api/v1/licenses/{key}/activate": {
    post: {
      operationId: "activateLicense",
      tags: ["Licenses"],
      summary: "Activate an environment",
      description:
        "Activates a domain or IP on behalf of your product with exactly the rules, order and codes of the public Verify API: a known environment never counts twice, a new one takes a slot while one is free. Every decided outcome (VALID, REVOKED, EXPIRED, PRODUCT_MISMATCH, MAX_ACTIVATIONS_EXCEEDED) is HTTP 200 with `valid` and `code`. The activation records the IP address and user agent of the caller (your server).",
      security: requireScope("write"),
      requestParams: { path: licenseKeyParamsSchema },
      requestBody: { required: true, ...json(activateLicenseBodySchema, { domain: "https://www.example.com/shop/" }) },
      responses: {
        200: ok("The decided outcome", activateLicenseResponseSchema),
        ...errors({ 400: true, 401: true, 403: true, 404: "NOT_FOUND: no license with this key", 413: true, 422: "VALIDATION_ERROR, INVALID_DOMAIN or INVALID_IP", 429: true }),
      },
      ...curl({ method: "POST", path: `/api/v1/licenses/${KEY}/activate`, auth: true, json: { domain: "example.com" } }),
    },
  },
  "/api/v1/licenses/{key}/revoke": {
    post: {
      operationId: "revokeLicense",
      tags: ["Licenses"],
      summary: "Revoke a license",
      description:
        "Permanently revokes the key: it never verifies or activates again and cannot be re-enabled (issue a new key instead). Its activations stay for the audit trail. The body is optional. The customer is not emailed unless `notify_customer` is true (the Admin button notifies by default; API callers are automations that usually tell the customer themselves).",
      security: requireScope("write"),
      requestParams: { path: licenseKeyParamsSchema },
      requestBody: { required: false, ...json(revokeLicenseBodySchema, { reason: "Customer requested refund" }) },
      responses: {
        200: ok("The revoked license", licenseResponseSchema),
        ...errors({
          400: true,
          401: true,
          403: true,
          404: "NOT_FOUND: no license with this key",
          409: "ALREADY_REVOKED: the license was revoked before",
          413: true,
          422: "VALIDATION_ERROR: e.g. reason over 500 characters",
          429: true,
        }),
      },
      ...curl({ method: "POST", path: `/api/v1/licenses/${KEY}/revoke`, auth: true, json: { reason: "Customer requested refund" } }),
    },
  },
  "/api/v1/licenses/{key}/activations": {
    get: {
      operationId: "listLicenseActivations",
      tags: ["Activations"],
      summary: "List a license's activations",
      description: "Every environment the key was activated on, newest first, including freed ones (`deactivated_at` set). Paginated like the license list.",
      security: requireScope("read"),
      requestParams: { path: licenseKeyParamsSchema, query: activationListQuerySchema },
      responses: {
        200: ok("A page of activations", activationListResponseSchema),
        ...errors({ 400: true, 401: true, 404: "NOT_FOUND: no license with this key", 429: true }),
      },
      ...curl({ method: "GET", path: `/api/v1/licenses/${KEY}/activations?per_page=20`, auth: true }),
    },
  },
  "/api/v1/activations/{id}": {
    delete: {
      operationId: "deleteActivation",
      tags: ["Activations"],
      summary: "Delete an activation",
      description:
        "Frees the activation's slot so another environment can take it. The record stays, with `deactivated_at`, for the audit trail; the same environment may activate again later (taking a slot again). A revoked license's activations are frozen (the record of where it was used): 409 `LICENSE_REVOKED`.",
      security: requireScope("write"),
      requestParams: { path: activationIdParamsSchema },
      responses: {
        200: ok("The activation, now deactivated", deleteActivationResponseSchema),
        ...errors({
          401: true,
          403: true,
          404: "NOT_FOUND: no such activation, or it was already deleted",
          409: "LICENSE_REVOKED: the activation's license is revoked; its activations cannot change",
          429: true,
        }),
      },
      ...curl({ method: "DELETE", path: `/api/v1/activations/${ACTIVATION_ID}`, auth: true }),
    },
  },
};
