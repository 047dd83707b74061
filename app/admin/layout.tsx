import Link from "next/link";
import { forbidden, redirect } from "next/navigation";
import { Suspense } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { SignInRedirect } from "@/components/ui/sign-in-redirect";
import { getAdminAccess } from "@/lib/auth/session";
import { TWO_FACTOR_REQUIRED_PATH } from "@/lib/auth/two-factor-policy";
import { getEnv } from "@/lib/env";

// The gate for every admin page: a customer gets 403, an admin without two-factor while the store
// requires it only the page that sets it up, and nothing below renders without an admin.
// A signed-out visitor is redirected by each page's requireAdmin(<its path>), so signing in
// returns to that exact page; SignInRedirect is only the fallback.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const access = await getAdminAccess();
  if (access.status === "forbidden") forbidden();
  if (access.status === "two_factor_required") redirect(TWO_FACTOR_REQUIRED_PATH);
  if (access.status === "signed_out") {
    return (
      <Suspense>
        <SignInRedirect />
      </Suspense>
    );
  }
  return (
    <div className="space-y-6">
      <AdminNav />
      {getEnv().payments === "demo" && (
        <p className="-mt-3 text-sm text-slate-600">
          Demo store: <Link href="/admin/demo" className="font-medium text-indigo-700 hover:underline">Demo tools (advance the clock)</Link>
        </p>
      )}
      {children}
    </div>
  );
}
