"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Button } from "../ui/button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  licenseId: string;
  label: string;
  pendingLabel: string;
  variant?: "primary" | "secondary";
};

/** Manage billing / Cancel subscription: a one-button form; its answer appears under the button. */
export function SubscriptionActionButton({ action, licenseId, label, pendingLabel, variant = "secondary" }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  const error = state.error ? (state.fieldErrors ? Object.values(state.fieldErrors).join(" ") : state.error) : null;
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="licenseId" value={licenseId} />
      <Button type="submit" variant={variant} disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {state.ok && state.message && (
        <p role="status" className="text-sm text-emerald-700">
          {state.message}
        </p>
      )}
    </form>
  );
}
