import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Alert } from "@/components/ui/alert";
import { checkUserToken, userTokenSchema } from "@/lib/auth/user-tokens";
import { db } from "@/lib/db";
import { queryParam } from "@/lib/http/query-param";
import { tokenRefusalMessage } from "@/lib/users/token-messages";
import { resetPasswordAction } from "./actions";

export const metadata = { title: "Choose a new password" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

const tokenParam = queryParam(userTokenSchema);

// The link from the reset email. Opening it spends nothing (a mail scanner may fetch it first);
// the token is spent by the form's POST. A link already dead is said so at once.
export default async function ResetPasswordPage({ searchParams }: Props) {
  const token = tokenParam.parse((await searchParams).token);
  const check = token ? await checkUserToken(db, { token, purpose: "password_reset" }) : ({ ok: false, reason: "invalid" } as const);
  return (
    <div className="mx-auto max-w-sm space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">Choose a new password</h1>
      {token && check.ok ? (
        <ResetPasswordForm action={resetPasswordAction} token={token} />
      ) : (
        <>
          <Alert>{tokenRefusalMessage(check.ok ? "invalid" : check.reason, "password_reset")}</Alert>
          <p className="text-sm">
            <Link href="/forgot-password" className="text-indigo-700 underline">Send me a new link</Link>
          </p>
        </>
      )}
    </div>
  );
}
