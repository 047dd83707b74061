"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  required: boolean;
  /** Whether the admin viewing the page has two-factor on (turning the setting on needs it). */
  ownTwoFactor: boolean;
};

export function TwoFactorRequirementForm({ action, required, ownTwoFactor }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Sign-in settings" className="space-y-4">
      <div className="flex items-start gap-3">
        <input
          id="adminsRequireTwoFactor"
          name="adminsRequireTwoFactor"
          type="checkbox"
          defaultChecked={required}
          aria-describedby="adminsRequireTwoFactor-hint"
          className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 accent-indigo-600"
        />
        <div className="min-w-0">
          <label htmlFor="adminsRequireTwoFactor" className="text-sm font-medium text-slate-800">
            Require two-factor sign-in for admins
          </label>
          <p id="adminsRequireTwoFactor-hint" className="text-sm text-slate-600">
            When on, an admin without two-factor sign-in sees only the page that sets it up, and every admin page and action
            refuses until it is on. Off by default. Lost your phone and recovery codes? <code>npm run admin:create -- --email
            you@shop.com --reset-2fa</code> turns it off for your account from the server.
          </p>
          {!ownTwoFactor && (
            <p className="mt-1 text-sm text-amber-800">
              Your account has no two-factor sign-in yet:{" "}
              <Link href="/account/settings/two-factor" className="font-medium underline">set it up</Link> before you turn this on.
            </p>
          )}
        </div>
      </div>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save sign-in settings"}</Button>
    </form>
  );
}
