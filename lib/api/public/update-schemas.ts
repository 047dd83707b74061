// Response schema of the update check (GET /api/v1/updates/{slug}) for the OpenAPI document. The
// endpoint builds its body in lib/releases/update-info.ts in plugin-update-checker v5's formats;
// this describes both (plugin and theme) as one object whose fields depend on the product's kind.
import { z } from "zod";

export const UPDATE_LICENSE_CODES = ["NO_KEY", "NOT_FOUND", "REVOKED", "EXPIRED", "PRODUCT_MISMATCH", "VALID", "MAX_ACTIVATIONS_EXCEEDED"] as const;

export const updateLicenseSchema = z
  .object({
    valid: z.boolean(),
    code: z.enum(UPDATE_LICENSE_CODES).meta({ description: "Verify's code for this key, product and site; NO_KEY when no key was sent" }),
    message: z.string().meta({ example: "License is valid" }),
    manage_url: z.url().optional().meta({ description: "With MAX_ACTIVATIONS_EXCEEDED: where the key's owner frees a slot" }),
    renew_url: z.url().optional().meta({ description: "With EXPIRED: where the key's owner renews it" }),
  })
  .meta({ id: "UpdateLicense" });

const url = z.url();

export const updateResponseSchema = z
  .object({
    name: z.string().optional().meta({ description: "Plugins (and kind other)" }),
    slug: z.string().optional().meta({ description: "The WordPress folder name (package slug)" }),
    version: z.string().optional().meta({ description: "The newest published release in the channel; absent when there is none", example: "1.4.0" }),
    homepage: url.optional(),
    details_url: url.optional().meta({ description: "Themes only" }),
    download_url: url.optional().meta({ description: "Only when license.code is VALID: a 7-day link bound to this key, release and site" }),
    requires: z.string().optional(),
    tested: z.string().optional(),
    requires_php: z.string().optional(),
    last_updated: z.string().optional().meta({ description: "UTC, YYYY-MM-DD HH:MM:SS", example: "2026-03-12 09:30:00" }),
    upgrade_notice: z.string().optional(),
    author: z.string().optional(),
    sections: z.object({ description: z.string(), installation: z.string(), changelog: z.string() }).optional().meta({ description: "Sanitised HTML" }),
    icons: z.object({ "1x": url, "2x": url }).optional(),
    banners: z.object({ low: url, high: url }).optional(),
    license: updateLicenseSchema,
    nonce: z.string().optional().meta({ description: "The request's nonce, when it sent one" }),
  })
  .meta({ id: "UpdateResponse" });
