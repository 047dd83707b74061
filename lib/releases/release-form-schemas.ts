// The inputs of Admin → Products → Releases, parsed with zod before anything else runs: the
// upload's text fields (multipart, read by the upload route) and the forms of each row's actions
// (server actions). What a version or a zip must be is createRelease's rule, not repeated here.
import { z } from "zod";
import { recordIdSchema } from "../licenses/admin-schemas";
import { CHANGELOG_MAX_LENGTH, RELEASE_CHANNELS } from "./release-rules";

const changelog = z
  .string()
  .trim()
  .max(CHANGELOG_MAX_LENGTH, `The changelog must be at most ${CHANGELOG_MAX_LENGTH.toLocaleString("en-US")} characters`);
const channel = z.enum(RELEASE_CHANNELS, { error: "Choose stable or beta" });

export const releaseUploadFieldsSchema = z.object({
  /** Empty: read from the zip's header (plugins and themes). */
  version: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  channel: channel.default("stable"),
  changelog: changelog.default(""),
  /** Which button sent the form: "Publish" or "Save as draft". */
  publish: z
    .enum(["true", "false"], { error: "publish must be true or false" })
    .default("false")
    .transform((value) => value === "true"),
});

/** The field each upload field's refusal belongs to, as the route's error code says it. */
export const UPLOAD_FIELD_ERROR_CODES: Record<string, string> = {
  version: "INVALID_VERSION",
  channel: "INVALID_CHANNEL",
  changelog: "CHANGELOG_TOO_LONG",
  publish: "INVALID_PUBLISH",
};

export const releaseActionSchema = z.object({ productId: recordIdSchema, releaseId: recordIdSchema });

/** Notes and, for a draft, the channel (a published release stays on the channel sites were offered it on). */
export const updateReleaseFormSchema = releaseActionSchema.extend({
  channel: channel.optional(),
  changelog: changelog.default(""),
});
