"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { safeCallbackPath } from "@/lib/http/safe-redirect";
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
  const [notSignedIn, setNotSignedIn] = useState(false);
  const next = safeCallbackPath(callbackUrl);

  function submit(formData: FormData) {
    const email = String(formData.get("email") ?? "");
    submitted.current = { email, password: String(formData.get("password") ?? "") };
    setRefill({ name: String(formData.get("name") ?? ""), email });
    setNotSignedIn(false);
    formAction(formData);
  }

  // The server answers a new email and a taken one alike, so the form cannot know (nor tell)
  // which it was: it signs in with the typed credentials. That works for a new account and for an
  // owner who typed their own password; anyone else is told how to reach an existing account.
  useEffect(() => {
    if (!state.ok) return;
    const { email, password } = submitted.current;
    void signIn("credentials", { email, password, redirect: false }).then((result) => {
      if (!result || result.error) {
        setNotSignedIn(true);
        return;
      }
      router.push(next);
      router.refresh();
    });
  }, [state, next, router]);

  const signingIn = Boolean(state.ok) && !notSignedIn;
  return (
    <form action={submit} className="space-y-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      {notSignedIn && (
        <Alert>
          We could not sign you in with these details. If you already have an account with this email,{" "}
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(next)}`} className="underline">
            sign in
          </Link>{" "}
          with the password you chose for it.
        </Alert>
      )}
      {signingIn && <Alert tone="info">Signing you in…</Alert>}
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
      <Button type="submit" disabled={pending || signingIn} className="w-full">
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
