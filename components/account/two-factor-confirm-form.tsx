"use client";

import { useActionState } from "react";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { RecoveryCodes } from "./recovery-codes";

type State = { ok?: boolean; error?: string; fieldErrors?: Record<string, string>; recoveryCodes?: string[] };
type Props = { action: (state: State, formData: FormData) => Promise<State>; account: string; doneHref: string };

/** The first code from the app; when it is right, two-factor is on and the recovery codes show once. */
export function TwoFactorConfirmForm({ action, account, doneHref }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.ok && state.recoveryCodes) {
    return (
      <div className="space-y-4">
        <Alert tone="success">Two-factor sign-in is on. From now on, signing in asks for a code from your app.</Alert>
        <RecoveryCodes codes={state.recoveryCodes} account={account} doneHref={doneHref} />
      </div>
    );
  }
  return (
    <form action={formAction} aria-label="Confirm two-factor sign-in" className="max-w-sm space-y-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      <Field
        label="Code from your app"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={64}
        required
        error={state.fieldErrors?.code}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Turn on two-factor sign-in"}
      </Button>
    </form>
  );
}
