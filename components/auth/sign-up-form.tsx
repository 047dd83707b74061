"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
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
  // React resets the form once the action finishes, so the values are kept from the submit: name
  // and email to refill the form, the credentials (in a ref, never rendered) to sign in.
  const submitted = useRef({ email: "", password: "" });
  const [refill, setRefill] = useState({ name: "", email: "" });
  const [state, formAction, pending] = useActionState(action, {});
  const [signInError, setSignInError] = useState<string | null>(null);

  function submit(formData: FormData) {
    const email = String(formData.get("email") ?? "");
    submitted.current = { email, password: String(formData.get("password") ?? "") };
    setRefill({ name: String(formData.get("name") ?? ""), email });
    formAction(formData);
  }

  // The account exists: sign in with the same credentials, then continue where the visitor was going.
  useEffect(() => {
    if (!state.ok) return;
    const { email, password } = submitted.current;
    void signIn("credentials", { email, password, redirect: false }).then((result) => {
      if (!result || result.error) {
        setSignInError("Your account was created, but signing in failed. Please sign in.");
        return;
      }
      router.push(callbackUrl);
      router.refresh();
    });
  }, [state, callbackUrl, router]);

  const error = signInError ?? state.error;
  return (
    <form action={submit} className="space-y-4" noValidate>
      {error && <Alert>{error}</Alert>}
      {state.ok && <Alert tone="success">Account created. Signing you in…</Alert>}
      <Field label="Name" name="name" autoComplete="name" required defaultValue={refill.name} error={state.fieldErrors?.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={refill.email}
        error={state.fieldErrors?.email}
      />
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
