"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ASKS_FOR_CODE, SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";
import { safeCallbackPath } from "@/lib/http/safe-redirect";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

/**
 * Email and password; for an account with two-factor on, the server answers the right password
 * with "enter the code" and the form then shows a code field and sends all three again (no
 * session exists until the code is right).
 */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [askCode, setAskCode] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      code: String(form.get("code") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      const message = result?.error && result.error !== "CredentialsSignin" ? result.error : SIGN_IN_ERRORS.invalid;
      if (ASKS_FOR_CODE.includes(message)) setAskCode(true);
      else if (message === SIGN_IN_ERRORS.invalid) setAskCode(false);
      setError(message);
      return;
    }
    // The page already checked it; checked again here, where the navigation happens.
    router.push(safeCallbackPath(callbackUrl));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone={error === SIGN_IN_ERRORS.code_required ? "info" : "error"}>{error}</Alert>}
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      {askCode && (
        <div className="space-y-1">
          <Field
            label="Authentication code"
            name="code"
            type="text"
            inputMode="text"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            autoFocus
            required
          />
          <p className="text-xs text-slate-600">The 6-digit code from your authenticator app, or one of your recovery codes.</p>
        </div>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
