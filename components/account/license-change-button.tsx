"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Button } from "../ui/button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  /** Hidden inputs: the key, and for an upgrade the product it moves to. */
  fields: Record<string, string>;
  label: string;
  /** Completes the accessible name when several keys on a page have the same button. */
  context?: string;
  variant?: "primary" | "secondary";
};

/**
 * Renew or Upgrade: a one-button form whose server action sends the customer to pay (demo checkout
 * or Stripe); when it cannot, its message appears under the button.
 */
export function LicenseChangeButton({ action, fields, label, context, variant = "secondary" }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  const message = state.error ? (state.fieldErrors ? Object.values(state.fieldErrors).join(" ") : state.error) : null;
  return (
    <form action={formAction} className="space-y-1">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant={variant} disabled={pending} className="text-left">
        {pending ? "Starting checkout…" : label}
        {context && <span className="sr-only"> {context}</span>}
      </Button>
      {message && (
        <p role="alert" className="text-sm text-red-600">
          {message}
        </p>
      )}
    </form>
  );
}
