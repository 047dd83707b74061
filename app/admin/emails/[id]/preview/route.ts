// GET /admin/emails/{id}/preview: a message's stored HTML, for the frame on its admin page.
// Admins only (the session re-read from the database; two-factor when the store requires it).
// The HTML is whatever our templates rendered, with customer-supplied text inside: it is served
// under a `sandbox` policy (no scripts, no forms, a unique origin) that server/main.ts also sets
// for this path, so even opened on its own it can do nothing in the store's origin.
import { authorizeAdminRoute } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { resendEmailFormSchema } from "@/lib/admin/email-filters";
import { findEmailMessage } from "@/lib/email/list-messages";
import { EMAIL_PREVIEW_CONTENT_SECURITY_POLICY } from "@/lib/http/security-headers";
import { ApiError } from "@/lib/http/api-error";
import { jsonError, routeMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

// Refusals answer like every route handler of the store: JSON `{ error: { code, message } }`.
const refuse = (status: number, code: string, message: string) => jsonError(new ApiError(status, code, message), { "Cache-Control": "private, no-store" });

async function previewEmail(_request: Request, { params }: Context): Promise<Response> {
  const auth = await authorizeAdminRoute("preview emails");
  if (!auth.ok) return jsonError(auth.error, { "Cache-Control": "private, no-store" });
  const id = resendEmailFormSchema.shape.messageId.safeParse((await params).id);
  const message = id.success ? await findEmailMessage(db, id.data) : null;
  if (!message) return refuse(404, "NOT_FOUND", "No such message");
  return new Response(message.html, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": EMAIL_PREVIEW_CONTENT_SECURITY_POLICY,
      "X-Frame-Options": "SAMEORIGIN",
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: previewEmail });
