"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { CopyButton } from "../ui/copy-button";
import { Field } from "../ui/field";
import { RecoveryCodes } from "./recovery-codes";
import { TwoFactorBeginButton } from "./two-factor-begin-button";

type ConfirmState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string>; recoveryCodes?: string[] };
type Props = {
  confirm: (state: ConfirmState, formData: FormData) => Promise<ConfirmState>;
  startOver: (state: ActionState, formData: FormData) => Promise<ActionState>;
  /** The QR code (a data: URL drawn on the server), and the key as text for typing it in. */
  qrCode: string;
  secret: string;
  formattedSecret: string;
  account: string;
  doneHref: string;
};

/**
 * The set-up: scan the QR code (or type the key), then the first code from the app. When it is
 * right, two-factor is on, every session has ended (this one too) and the set-up makes way for
 * the recovery codes, shown once; "I have saved them" goes on to sign in again (`doneHref`).
 */
export function TwoFactorSetup({ confirm, startOver, qrCode, secret, formattedSecret, account, doneHref }: Props) {
  const [state, formAction, pending] = useActionState(confirm, {});
  if (state.ok && state.recoveryCodes) {
    return (
      <div className="space-y-4">
        <Alert tone="success">
          Two-factor sign-in is on. Every session of your account was signed out, this one too: save your recovery codes, then
          sign in again with your password and a code from your app.
        </Alert>
        <RecoveryCodes codes={state.recoveryCodes} account={account} doneHref={doneHref} />
      </div>
    );
  }
  return (
    <>
      <ol className="space-y-6 text-sm text-slate-700">
        <li className="space-y-3">
          <p><span className="font-semibold">1.</span> In your authenticator app, add an account and scan this code:</p>
          {/* A data: URL drawn on the server: the secret goes to no other site. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={qrCode} alt="QR code for your authenticator app" width={200} height={200} className="rounded-md border border-slate-200" />
          <p>Or type this key into the app (time-based, 6 digits):</p>
          <p className="flex flex-wrap items-center gap-3">
            <code data-testid="totp-secret" className="rounded bg-slate-100 px-2 py-1 font-mono text-base tracking-wide break-all">
              {formattedSecret}
            </code>
            <CopyButton text={secret} label="the key" />
          </p>
        </li>
        <li className="space-y-3">
          <p><span className="font-semibold">2.</span> Enter the code the app shows:</p>
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
        </li>
      </ol>
      <div className="mt-6 border-t border-slate-200 pt-4">
        <TwoFactorBeginButton action={startOver} label="Start over with a new key" variant="secondary" />
      </div>
    </>
  );
}
