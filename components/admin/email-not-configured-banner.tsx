import Link from "next/link";

/**
 * Said plainly wherever it matters: without SMTP_URL the store keeps every message in Admin →
 * Emails and sends none. `compact` is the Admin overview's one line, linking to the full one.
 */
export function EmailNotConfiguredBanner({ compact = false }: { compact?: boolean }) {
  return (
    <div role="note" aria-label="Email not configured" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      {compact ? (
        <p>
          <span className="font-semibold">Email is not configured:</span> receipts and notices are kept in{" "}
          <Link href="/admin/emails" className="underline">Admin → Emails</Link>, not sent. Set SMTP_URL and EMAIL_FROM to send them.
        </p>
      ) : (
        <>
          <p className="font-semibold">Email is not configured: messages are kept here, not sent.</p>
          <p className="mt-1">
          To send them, set <code className="font-mono">SMTP_URL</code> (e.g. <code className="font-mono">smtp://user:password@smtp.example.com:587</code>) and{" "}
          <code className="font-mono">EMAIL_FROM</code> (e.g. <code className="font-mono">&quot;My Store&quot; &lt;store@example.com&gt;</code>), then restart the
          store. Messages queued meanwhile go out then, unless they have expired.
          </p>
        </>
      )}
    </div>
  );
}
