"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; label: string; variant?: "primary" | "secondary" };

/** Starts the set-up (or starts over with a new secret); the page then shows the QR code. */
export function TwoFactorBeginButton({ action, label, variant = "primary" }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-3">
      {state.error && <Alert>{state.error}</Alert>}
      <Button type="submit" variant={variant} disabled={pending}>
        {pending ? "Preparing…" : label}
      </Button>
    </form>
  );
}
