"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState> };

/**
 * The address to send a reset link to. The server action is the form's action itself, so the
 * form works before (or without) JavaScript. The answer is the same for every address, and the
 * typed address is not echoed back, so the page is the same too.
 */
export function ForgotPasswordForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Forgot password" className="space-y-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Field label="Email" name="email" type="email" autoComplete="email" required error={state.fieldErrors?.email} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
