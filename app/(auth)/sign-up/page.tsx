import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCurrentUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/http/safe-redirect";
import { signUp } from "./actions";

export const metadata = { title: "Create an account" };

// A repeated ?callbackUrl= arrives as an array; safeCallbackPath falls back for it.
type Props = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

export default async function SignUpPage({ searchParams }: Props) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <div className="mx-auto max-w-sm space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">Create an account</h1>
      <SignUpForm action={signUp} callbackUrl={callbackUrl} />
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
