"use server";

// Admin → an order. Every action is a public POST endpoint: each checks the admin role itself,
// parses its form with zod, and calls one lib function (which writes the audit entry).
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/admin/admin-action";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { formFields, type ActionState } from "@/lib/http/validated-action";
import { markOrderReviewed } from "@/lib/orders/mark-reviewed";
import { orderActionSchema, refundRequestSchema } from "@/lib/orders/schemas";
import { refundOrderAsAdmin } from "@/lib/payments/refund-as-admin";

function refresh(orderId: string) {
  revalidatePath(`/admin/orders/${orderId}`);
  revalidatePath("/admin/orders");
}

/** Refund the whole order or the chosen keys (checkboxes: several `licenseIds` values, hence no validatedAction). */
export async function refundOrderAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const admin = await requireAdmin("/admin/orders");
  const fields = formFields(formData);
  const parsed = refundRequestSchema.safeParse({
    ...fields,
    licenseIds: formData instanceof FormData ? formData.getAll("licenseIds") : [],
  });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid request" };
  try {
    const result = await refundOrderAsAdmin(db, { request: parsed.data, adminId: admin.id });
    const keys = result.revokedLicenseIds.length;
    const undone = result.rolledBackLicenseIds.length;
    const revoked = `${keys} ${keys === 1 ? "key was" : "keys were"} revoked; Verify now answers REVOKED for ${keys === 1 ? "it" : "them"}.`;
    const rolledBack = `${undone === 1 ? "The key's renewal or upgrade was" : `${undone} keys' renewals or upgrades were`} rolled back; the key stays the customer's.`;
    return { ok: true, message: `Refunded. ${keys > 0 || undone === 0 ? revoked : ""}${keys > 0 && undone > 0 ? " " : ""}${undone > 0 ? rolledBack : ""}` };
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  } finally {
    refresh(parsed.data.orderId);
  }
}

export const markOrderReviewedAction = adminAction(orderActionSchema, async (data, admin) => {
  const { changed } = await markOrderReviewed(db, { orderId: data.orderId, actor: admin.id });
  refresh(data.orderId);
  return { ok: true, message: changed ? "Marked as reviewed." : "This order was already reviewed." };
});
