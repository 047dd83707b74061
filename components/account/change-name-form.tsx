"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; name: string };

export function ChangeNameForm({ action, name }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Change name" className="max-w-sm space-y-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Field label="Name" name="name" autoComplete="name" required maxLength={100} defaultValue={name} error={state.fieldErrors?.name} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save name"}
      </Button>
    </form>
  );
}
