"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  callbackUrl: string;
};

export function SignUpForm({ action, callbackUrl }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState(action, {});

  // The account exists: sign in with the same credentials, then continue where the visitor was going.
  useEffect(() => {
    if (!state.ok || !formRef.current) return;
    const form = new FormData(formRef.current);
    void signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    }).then(() => {
      router.push(callbackUrl);
      router.refresh();
    });
  }, [state, callbackUrl, router]);

  return (
    <form ref={formRef} action={formAction} className="space-y-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && <Alert tone="success">Account created. Signing you in…</Alert>}
      <Field label="Name" name="name" autoComplete="name" required error={state.fieldErrors?.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={state.fieldErrors?.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
        error={state.fieldErrors?.password}
      />
      <Button type="submit" disabled={pending || state.ok} className="w-full">
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
