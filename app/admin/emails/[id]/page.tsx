import Link from "next/link";
import { notFound } from "next/navigation";
import { EmailStateBadge } from "@/components/admin/email-state-badge";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { resendEmailFormSchema } from "@/lib/admin/email-filters";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { describeEmailState, findEmailMessage } from "@/lib/email/list-messages";
import { getEnv } from "@/lib/env";
import { formatDateTime } from "@/lib/licenses/format";
import { resendEmailAction } from "./actions";

export const metadata = { title: "Email · Admin" };

type Props = { params: Promise<{ id: string }> };

export default async function AdminEmailPage({ params }: Props) {
  const { id } = await params;
  await requireAdmin(`/admin/emails/${encodeURIComponent(id)}`);
  const messageId = resendEmailFormSchema.shape.messageId.safeParse(id);
  const message = messageId.success ? await findEmailMessage(db, messageId.data) : null;
  if (!message) notFound();
  const state = describeEmailState(message, { emailConfigured: Boolean(getEnv().SMTP_URL), now: new Date() });
  const when = (date: Date | null) => (date ? formatDateTime(date) : "—");
  const facts: [string, React.ReactNode][] = [
    ["To", message.recipient],
    ["Kind", <span key="kind" className="font-mono text-xs">{message.kind}</span>],
    ["Status", <EmailStateBadge key="state" state={state} />],
    ["Attempts", message.attempts],
    ["Last error", message.lastError ?? "—"],
    ["Created", when(message.createdAt)],
    ["Sent", when(message.sentAt)],
    ["Next attempt", message.status === "pending" ? when(message.nextAttemptAt) : "—"],
    ["Send before", when(message.expiresAt)],
  ];

  return (
    <>
      <div className="space-y-1">
        <Link href="/admin/emails" className="text-sm text-indigo-700 hover:underline">← Emails</Link>
        <h1 className="text-2xl font-semibold break-words">{message.subject}</h1>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Details" className="lg:col-span-2">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="font-medium text-slate-600">{label}</dt>
                <dd className="min-w-0 break-words">{value}</dd>
              </div>
            ))}
          </dl>
          {message.userId && (
            <p className="mt-4 text-sm">
              <Link href={`/admin/licenses?q=${encodeURIComponent(message.recipient)}`} className="text-indigo-700 hover:underline">
                This customer&apos;s licenses
              </Link>
            </p>
          )}
        </Card>
        <Card title="Actions">
          {message.status === "failed" ? (
            <ConfirmDialog
              action={resendEmailAction}
              fields={{ messageId: message.id }}
              triggerLabel="Resend"
              title="Send this message again?"
              confirmLabel="Resend"
              confirmVariant="primary"
            >
              <p>It goes back to the outbox as if new, to {message.recipient}, with its attempts counted from zero.</p>
            </ConfirmDialog>
          ) : (
            <p className="text-sm text-slate-600">Only a failed message can be resent.</p>
          )}
        </Card>
      </div>

      <section aria-labelledby="preview-heading" className="space-y-3">
        <h2 id="preview-heading" className="text-lg font-semibold">Preview</h2>
        <p className="text-sm text-slate-600">Links do not open from the preview (it is sandboxed); the plain text below has every address to copy.</p>
        {/* The stored HTML in a sandboxed frame (no scripts, a unique origin), served by ./preview under a sandbox CSP of its own. */}
        <iframe
          title="Email preview"
          src={`/admin/emails/${message.id}/preview`}
          sandbox=""
          referrerPolicy="no-referrer"
          className="h-[36rem] w-full rounded-lg border border-slate-200 bg-white"
        />
      </section>

      <section aria-labelledby="text-heading" className="space-y-3">
        <h2 id="text-heading" className="text-lg font-semibold">Plain text</h2>
        <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded-lg border border-slate-200 bg-white p-4 font-mono text-xs text-slate-800">{message.text}</pre>
      </section>
    </>
  );
}
