"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  /** The link's token, sent back with the form (the server checks it again when spending it). */
  token: string;
};

/** The new password, typed twice. On success nobody is signed in: the form says so and links to sign-in. */
export function ResetPasswordForm({ action, token }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="success">{state.message}</Alert>
        <Link href="/sign-in" className="inline-block font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} aria-label="Choose a new password" className="space-y-4" noValidate>
      {state.error && <Alert>{state.fieldErrors?.token ?? state.error}</Alert>}
      <input type="hidden" name="token" value={token} />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
        error={state.fieldErrors?.newPassword}
      />
      <Field
        label="Repeat the new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={state.fieldErrors?.confirmPassword}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
