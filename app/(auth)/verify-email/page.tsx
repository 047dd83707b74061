import { ConfirmEmailForm } from "@/components/auth/confirm-email-form";
import { queryParam } from "@/lib/http/query-param";
import { z } from "zod";
import { confirmEmailAction } from "./actions";

export const metadata = { title: "Confirm your email address" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

const tokenParam = queryParam(z.string().max(100));

// The link from the confirmation email. A GET only shows a button: mail scanners fetch links
// before people click them, and a fetch must not confirm anything. The button's POST does.
export default async function VerifyEmailPage({ searchParams }: Props) {
  const token = tokenParam.parse((await searchParams).token) ?? "";
  return (
    <div className="mx-auto max-w-sm space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Confirm your email address</h1>
        <p className="text-sm text-slate-600">Confirm that this address is yours. Keys the store sent to it then show in your account.</p>
      </div>
      <ConfirmEmailForm action={confirmEmailAction} token={token} />
    </div>
  );
}
