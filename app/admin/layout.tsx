import { forbidden } from "next/navigation";
import { Suspense } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { SignInRedirect } from "@/components/ui/sign-in-redirect";
import { getCurrentUser } from "@/lib/auth/session";

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
      {children}
    </div>
  );
}
