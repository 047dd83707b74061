import type { ActionState } from "@/lib/http/validated-action";
import { ResendVerificationButton } from "./resend-verification-button";

type Props = { email: string; resend: (state: ActionState, formData: FormData) => Promise<ActionState> };

/** Shown while the account's address is unconfirmed: why it matters, and a new link. */
export function VerifyEmailBanner({ email, resend }: Props) {
  return (
    <section aria-label="Confirm your email address" className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-5 text-sm text-amber-900">
      <h2 className="text-base font-semibold">Confirm your email address</h2>
      <p>
        We sent a link to <span className="font-medium break-all">{email}</span>. Keys the store issued to this address show here once you
        confirm it; keys you buy show at once.
      </p>
      <ResendVerificationButton action={resend} />
    </section>
  );
}
