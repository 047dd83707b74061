"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; token: string };

/** One button that POSTs the link's token (works without JavaScript too). */
export function ConfirmEmailForm({ action, token }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="success">{state.message}</Alert>
        <Link href="/account" className="inline-block font-medium text-indigo-700 underline">Go to your account</Link>
      </div>
    );
  }
  return (
    <form action={formAction} aria-label="Confirm email address" className="space-y-4">
      {state.error && <Alert>{state.fieldErrors?.token ?? state.error}</Alert>}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Confirming…" : "Confirm my email address"}
      </Button>
    </form>
  );
}
