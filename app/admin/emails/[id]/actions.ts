"use server";

// Admin → Emails → a message. adminAction checks the admin role before anything else (a server
// action is a public POST endpoint), then parses the form; resendEmailMessage does the rest.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/admin/admin-action";
import { resendEmailFormSchema } from "@/lib/admin/email-filters";
import { db } from "@/lib/db";
import { resendEmailMessage } from "@/lib/email/resend-message";
import { getEnv } from "@/lib/env";

export const resendEmailAction = adminAction(resendEmailFormSchema, async (data, admin) => {
  const result = await resendEmailMessage(db, { messageId: data.messageId, actor: admin.id });
  revalidatePath(`/admin/emails/${data.messageId}`);
  revalidatePath("/admin/emails");
  switch (result.outcome) {
    case "resent":
      return {
        ok: true,
        message: getEnv().SMTP_URL ? "Queued again: it goes out within moments." : "Queued again; email is not configured, so it is kept here.",
      };
    case "body_cleared":
      return { error: "This message held a one-time link; ask the customer to request a new one." };
    case "not_failed":
      return { error: `Only a failed message can be resent; this one is ${result.status}.` };
    case "not_found":
      return { error: "This message no longer exists." };
  }
});
