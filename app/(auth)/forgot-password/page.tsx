import Link from "next/link";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { requestPasswordResetAction } from "./actions";

export const metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-sm space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Forgot your password?</h1>
        <p className="text-sm text-slate-600">Enter the email address of your account and we will send you a link to choose a new password.</p>
      </div>
      <ForgotPasswordForm action={requestPasswordResetAction} />
      <p className="text-sm text-slate-600">
        Remembered it?{" "}
        <Link href="/sign-in" className="text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
