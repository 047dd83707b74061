"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionState } from "@/lib/http/validated-action";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; maxDays: number };

export function DemoClockForm({ action, maxDays }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4">
      <div className="max-w-48">
        <Field label="Days" name="days" type="number" min={1} max={maxDays} step={1} defaultValue={30} required error={state.fieldErrors?.days} />
      </div>
      {state.error && !state.fieldErrors && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Button type="submit" disabled={pending}>{pending ? "Moving the clock…" : "Advance the clock"}</Button>
    </form>
  );
}
