// The server API's release operations, described with the schemas their route handlers parse
// with and answer in (lib/api/releases/schemas.ts) and the codes they refuse with
// (lib/api/releases/error-codes.ts).
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { RELEASE_ERROR_CODES, releaseCodesWithStatus } from "../releases/error-codes";
import {
  productParamsSchema,
  releaseListResponseSchema,
  releaseParamsSchema,
  releaseResponseSchema,
  uploadReleaseBodySchema,
} from "../releases/schemas";
import { curl, errors, ok, requireScope } from "./operations";

const PRODUCT = "pro-forms-plugin";
const VERSION = "1.4.0";
const notFound = "NOT_FOUND: no product with this slug or id, or no release with this version or id";
const codeList = Object.entries(RELEASE_ERROR_CODES)
  .filter(([, entry]) => entry.status === 400)
  .map(([code, entry]) => `- \`${code}\`: ${entry.meaning}`)
  .join("\n");

export const releaseApiPaths: ZodOpenApiPathsObject = {
  "/api/v1/products/{product}/releases": {
    get: {
      operationId: "listReleases",
      tags: ["Releases"],
      summary: "List a product's releases",
      description: "Every release of the product, newest version first, drafts and yanked releases included.",
      security: requireScope("read"),
      requestParams: { path: productParamsSchema },
      responses: { 200: ok("The product's releases", releaseListResponseSchema), ...errors({ 401: true, 404: notFound, 429: true }) },
      ...curl({ method: "GET", path: `/api/v1/products/${PRODUCT}/releases`, auth: true }),
    },
    post: {
      operationId: "uploadRelease",
      tags: ["Releases"],
      summary: "Upload a release",
      description: `Uploads a release file as \`multipart/form-data\` (the file in \`file\`, at most RELEASE_MAX_MB, 500 MB by default), streamed to disk and never held in memory. A plugin or theme zip is checked the way WordPress's installer checks it, and its version, requirements and tested-up-to come from its headers; a product of kind \`other\` takes any file and needs \`version\`. Published at once unless \`status\` is \`draft\`. A release's file never changes: a fix is a new version.\n\nRefusals (400):\n${codeList}`,
      security: requireScope("write"),
      requestParams: { path: productParamsSchema },
      requestBody: { required: true, content: { "multipart/form-data": { schema: uploadReleaseBodySchema } } },
      responses: {
        201: ok("The new release", releaseResponseSchema),
        ...errors({
          400: `${releaseCodesWithStatus(400)}, UNSUPPORTED_CONTENT_TYPE`,
          401: true,
          403: true,
          404: "NOT_FOUND: no product with this slug or id",
          409: "VERSION_EXISTS: the product already has this version",
          413: "FILE_TOO_LARGE: the file is over RELEASE_MAX_MB (refused from Content-Length, or as soon as it streams past the limit)",
          422: "VALIDATION_ERROR: a field fails validation (unknown field, channel or status)",
          429: true,
        }),
      },
      ...curl({
        method: "POST",
        path: `/api/v1/products/${PRODUCT}/releases`,
        auth: true,
        multipart: { file: `@${PRODUCT}-${VERSION}.zip`, channel: "stable", changelog: "* Fixed: the date picker in Safari" },
      }),
    },
  },
  "/api/v1/products/{product}/releases/{release}": {
    get: {
      operationId: "getRelease",
      tags: ["Releases"],
      summary: "Get a release",
      description: "One release of the product, by its version as written (e.g. `1.4.0`) or its id.",
      security: requireScope("read"),
      requestParams: { path: releaseParamsSchema },
      responses: { 200: ok("The release", releaseResponseSchema), ...errors({ 401: true, 404: notFound, 429: true }) },
      ...curl({ method: "GET", path: `/api/v1/products/${PRODUCT}/releases/${VERSION}`, auth: true }),
    },
  },
  "/api/v1/products/{product}/releases/{release}/publish": {
    post: {
      operationId: "publishRelease",
      tags: ["Releases"],
      summary: "Publish a draft release",
      description: "A draft goes live: entitled keys are offered it from now on (`published_at` is now). No body.",
      security: requireScope("write"),
      requestParams: { path: releaseParamsSchema },
      responses: {
        200: ok("The published release", releaseResponseSchema),
        ...errors({ 401: true, 403: true, 404: notFound, 409: "ALREADY_PUBLISHED, or ALREADY_YANKED (yanking is final)", 429: true }),
      },
      ...curl({ method: "POST", path: `/api/v1/products/${PRODUCT}/releases/${VERSION}/publish`, auth: true }),
    },
  },
  "/api/v1/products/{product}/releases/{release}/yank": {
    post: {
      operationId: "yankRelease",
      tags: ["Releases"],
      summary: "Yank a published release",
      description:
        "Withdraws a published release, for good: update checks no longer offer it (sites are offered the newest release still published), its download links stop working, and no customer can download it. Its file and download count stay, for the record. No body.",
      security: requireScope("write"),
      requestParams: { path: releaseParamsSchema },
      responses: {
        200: ok("The yanked release", releaseResponseSchema),
        ...errors({ 401: true, 403: true, 404: notFound, 409: "ALREADY_YANKED, or RELEASE_NOT_PUBLISHED (a draft)", 429: true }),
      },
      ...curl({ method: "POST", path: `/api/v1/products/${PRODUCT}/releases/${VERSION}/yank`, auth: true }),
    },
  },
};
