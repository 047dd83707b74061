// Requests and responses of /api/v1/products/{product}/releases/*: the route handlers parse with
// these, the serializer is typed by them, and the OpenAPI document is generated from them.
import { z } from "zod";
import { RELEASE_CHANNELS, RELEASE_STATUSES } from "../../releases/release-rules";
import { MAX_VERSION_LENGTH } from "../../releases/version";
import { timestampSchema } from "../schemas";

export const releaseSchema = z
  .object({
    id: z.string().meta({ example: "cmf3a9x2k0007abcd1234efgh" }),
    product: z.object({
      id: z.string().meta({ example: "cmf2k1a2b0002abcd1234efgh" }),
      slug: z.string().meta({ example: "pro-forms-plugin" }),
    }),
    version: z.string().meta({ example: "1.4.0" }),
    channel: z.enum(RELEASE_CHANNELS).meta({ description: "stable: offered to every entitled site; beta: only to sites that ask for beta" }),
    status: z.enum(RELEASE_STATUSES).meta({ description: "draft (offered to no one yet) → published → yanked (withdrawn, final)" }),
    changelog: z.string().meta({ description: "Markdown", example: "* Fixed: the date picker in Safari" }),
    requires: z.string().nullable().meta({ description: "WordPress “Requires at least”, from the zip", example: "6.0" }),
    tested: z.string().nullable().meta({ description: "WordPress “Tested up to”, from the zip", example: "6.8" }),
    requires_php: z.string().nullable().meta({ description: "“Requires PHP”, from the zip", example: "7.4" }),
    file_name: z.string().meta({ description: "The name the file was uploaded with", example: "pro-forms-plugin-1.4.0.zip" }),
    content_type: z.string().meta({ example: "application/zip" }),
    size: z.number().int().meta({ description: "Bytes", example: 482133 }),
    sha256: z.string().meta({ description: "SHA-256 of the file, hex", example: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" }),
    downloads: z.number().int().meta({ description: "Downloads so far" }),
    created_at: timestampSchema,
    published_at: timestampSchema.nullable(),
    yanked_at: timestampSchema.nullable(),
  })
  .meta({ id: "Release" });
export type ReleaseObject = z.infer<typeof releaseSchema>;

export const releaseResponseSchema = z.object({ data: releaseSchema }).meta({ id: "ReleaseResponse" });
export const releaseListResponseSchema = z
  .object({ data: z.array(releaseSchema).meta({ description: "Every release, newest version first, drafts and yanked included" }) })
  .meta({ id: "ReleaseList" });

// ---- Requests ----

const reference = (description: string, example: string) => z.string().min(1).max(200).meta({ description, example });

export const productParamsSchema = z.object({
  product: reference("The product's slug or id", "pro-forms-plugin"),
});
export const releaseParamsSchema = productParamsSchema.extend({
  release: reference("The release's version (as written, e.g. 1.4.0) or id", "1.4.0"),
});

/** The text fields of an upload (the file travels beside them, in `file`). */
export const uploadReleaseFieldsSchema = z.strictObject({
  version: z
    .string()
    .trim()
    .min(1)
    .max(MAX_VERSION_LENGTH)
    .optional()
    .meta({ description: "Required for products of kind other; for a plugin or theme, optional and then it must equal the zip's Version: header", example: "1.4.0" }),
  channel: z.enum(RELEASE_CHANNELS, { error: "channel must be stable or beta" }).default("stable"),
  changelog: z.string().default("").meta({ description: "Markdown, at most 20,000 characters" }),
  status: z
    .enum(["draft", "published"], { error: "status must be draft or published" })
    .default("published")
    .meta({ description: "published: offered at once; draft: publish it later" }),
});
export type UploadReleaseFields = z.infer<typeof uploadReleaseFieldsSchema>;

/** The multipart body as documented: the fields plus the file. */
export const uploadReleaseBodySchema = uploadReleaseFieldsSchema
  .extend({
    file: z.string().meta({
      description: "The release file: for a plugin or theme, the zip WordPress installs (one folder named after the package slug)",
      format: "binary",
    }),
  })
  .meta({ id: "ReleaseUpload" });
