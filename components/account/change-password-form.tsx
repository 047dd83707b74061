"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  /** The signed-in user's email, to sign this browser in again with the new password. */
  email: string;
};

/**
 * Current and new password. A change ends every session, this browser's too, so on success the
 * form signs in again with the new password before it says anything: the page stays usable.
 */
export function ChangePasswordForm({ action, email }: Props) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const result = await action(previous, formData);
    if (!result.ok) return result;
    const signedIn = await signIn("credentials", { email, password: String(formData.get("newPassword") ?? ""), redirect: false });
    if (!signedIn || signedIn.error) {
      return { ok: true, message: "Your password was changed and every session was signed out. Sign in again with your new password." };
    }
    router.refresh();
    return { ok: true, message: "Your password was changed. Every other session was signed out." };
  }, {});

  return (
    <form action={formAction} aria-label="Change password" className="max-w-sm space-y-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
        error={state.fieldErrors?.newPassword}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Changing password…" : "Change password"}
      </Button>
    </form>
  );
}
