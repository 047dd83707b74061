"use client";

import { useActionState, useState } from "react";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { RecoveryCodes } from "./recovery-codes";

type State = { ok?: boolean; message?: string; error?: string; fieldErrors?: Record<string, string>; recoveryCodes?: string[] };
type Props = {
  action: (state: State, formData: FormData) => Promise<State>;
  /** The form's accessible name and its button's label. */
  label: string;
  /** Prefixes its fields' ids: two of these forms share one page. */
  idPrefix: string;
  variant?: "primary" | "secondary" | "danger";
  account: string;
  doneHref: string;
};

/** A change that needs the password and a current code: turning two-factor off, new recovery codes. */
export function TwoFactorProvenForm({ action, label, idPrefix, variant = "primary", account, doneHref }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  // The answer whose codes were put away: the page refreshes in place, so the form comes back.
  const [dismissed, setDismissed] = useState<State | null>(null);
  if (state.ok && state.recoveryCodes && dismissed !== state) {
    return <RecoveryCodes codes={state.recoveryCodes} account={account} doneHref={doneHref} onDone={() => setDismissed(state)} />;
  }
  if (state.ok && !state.recoveryCodes) return <Alert tone="success">{state.message ?? "Done."}</Alert>;
  return (
    <form action={formAction} aria-label={label} className="max-w-sm space-y-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      <Field label="Password" id={`${idPrefix}-password`} name="password" type="password" autoComplete="current-password" required error={state.fieldErrors?.password} />
      <Field
        label="Code from your app, or a recovery code"
        id={`${idPrefix}-code`}
        name="code"
        autoComplete="one-time-code"
        maxLength={64}
        required
        error={state.fieldErrors?.code}
      />
      <Button type="submit" variant={variant} disabled={pending}>
        {pending ? "Checking…" : label}
      </Button>
    </form>
  );
}
