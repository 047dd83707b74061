"use server";

// Account → Licenses and a key's page: Renew and Upgrade. Server actions are public endpoints: the
// customer is resolved first (customerAction → requireUser), then the form is parsed; the key id in
// the form is only a claim, and the checkout reads the key scoped to that customer. Nothing about
// the key changes here: the order is paid on the demo checkout or Stripe, and fulfilment moves it.
import { redirect } from "next/navigation";
import { z } from "zod";
import { customerAction } from "@/lib/account/customer-action";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { recordIdSchema } from "@/lib/licenses/admin-schemas";
import { PRODUCT_SLUG_MAX_LENGTH } from "@/lib/products/slug";
import { beginRenewalCheckout, beginUpgradeCheckout } from "@/lib/renewals/begin-change-checkout";

const renewSchema = z.object({ licenseId: recordIdSchema });
const upgradeSchema = renewSchema.extend({ toProductSlug: z.string().trim().min(1, "Choose an upgrade").max(PRODUCT_SLUG_MAX_LENGTH) });

/** Back to the key's own page after signing in, when the form came from there. */
const returnTo = (formData: FormData) => {
  const id = recordIdSchema.safeParse(formData.get("licenseId"));
  return formData.get("from") === "key" && id.success ? `/account/licenses/${encodeURIComponent(id.data)}` : "/account/licenses";
};

/** Starts the payment, or says why not (not renewable yet, no such path, payments unavailable). */
async function checkoutOrMessage(begin: () => Promise<{ redirectUrl: string }>) {
  let redirectUrl: string;
  try {
    ({ redirectUrl } = await begin());
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { error: error.message };
  }
  redirect(redirectUrl);
}

/** Renew: one more term of the key at the renewal price, paid like a purchase. */
export const renewLicenseAction = customerAction(
  renewSchema,
  ({ licenseId }, user) => checkoutOrMessage(() => beginRenewalCheckout(db, { licenseId, user })),
  { returnTo },
);

/** Upgrade: the same key moves to the path's product once paid. */
export const upgradeLicenseAction = customerAction(
  upgradeSchema,
  ({ licenseId, toProductSlug }, user) => checkoutOrMessage(() => beginUpgradeCheckout(db, { licenseId, toProductSlug, user })),
  { returnTo },
);
