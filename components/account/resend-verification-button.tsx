"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState> };

/** "Resend the link": a new confirmation email (rate-limited on the server). */
export function ResendVerificationButton({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Resend the confirmation link" className="space-y-2">
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Sending…" : "Resend the link"}
      </Button>
    </form>
  );
}
