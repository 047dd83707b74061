import Link from "next/link";
import { forbidden } from "next/navigation";
import { Suspense } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { SignInRedirect } from "@/components/ui/sign-in-redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

// The gate for every admin page: a customer gets 403, and nothing below renders without an admin.
// A signed-out visitor is redirected by each page's requireAdmin(<its path>), so signing in
// returns to that exact page; SignInRedirect is only the fallback.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (user && user.role !== "ADMIN") forbidden();
  if (!user) {
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
