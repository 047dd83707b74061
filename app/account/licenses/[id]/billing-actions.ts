"use server";

// Account → Licenses → a key → Manage billing (Stripe's billing portal) or, in demo mode, Cancel
// subscription. Server actions are public endpoints: the customer is resolved first
// (customerAction → requireUser); the key id in the form is only a claim, and each lib call scopes
// the key's subscription to that customer (anyone else's key is a 404).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { customerAction } from "@/lib/account/customer-action";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { recordIdSchema } from "@/lib/licenses/admin-schemas";
import { openBillingPortal } from "@/lib/subscriptions/billing-portal";
import { cancelDemoSubscription } from "@/lib/subscriptions/demo-subscription";
import { logger } from "@/lib/observability/logger";

const subscriptionFormSchema = z.object({ licenseId: recordIdSchema });

/** Back to the key's page after signing in. */
const returnTo = (formData: FormData) => {
  const id = recordIdSchema.safeParse(formData.get("licenseId"));
  return id.success ? `/account/licenses/${encodeURIComponent(id.data)}` : "/account/licenses";
};

/** Manage billing: a billing portal session at Stripe for this key's subscription, then there. */
export const manageBillingAction = customerAction(
  subscriptionFormSchema,
  async ({ licenseId }, user) => {
    let url: string;
    try {
      ({ url } = await openBillingPortal(db, { licenseId, userId: user.id }));
    } catch (error) {
      if (error instanceof ApiError) return { error: error.message };
      // Stripe refused (most often: no billing portal configuration saved in its Dashboard yet).
      logger.child({ component: "billing-portal" }).error({ err: error, licenseId }, "Stripe refused a billing portal session");
      return { error: "The billing page could not be opened. Please try again later." };
    }
    redirect(url);
  },
  { returnTo },
);

/** Demo mode's Cancel subscription: it ends at the period's end, and the key then lapses. */
export const cancelDemoSubscriptionAction = customerAction(
  subscriptionFormSchema,
  async ({ licenseId }, user) => {
    try {
      const { cancelled } = await cancelDemoSubscription(db, { licenseId, userId: user.id });
      revalidatePath(`/account/licenses/${licenseId}`);
      return { ok: true, message: cancelled ? "Cancelled. The key works until its expiry date." : "This subscription was already cancelled." };
    } catch (error) {
      if (error instanceof ApiError) return { error: error.message };
      throw error;
    }
  },
  { returnTo },
);
