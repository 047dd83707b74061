import { Suspense } from "react";
import { AccountNav } from "@/components/account/account-nav";
import { SignInRedirect } from "@/components/ui/sign-in-redirect";
import { getCurrentUser } from "@/lib/auth/session";

// The gate for every account page: nothing below renders without a signed-in user. The redirect
// itself is left to each page's requireUser(<its path>), so signing in returns to that exact page
// (Verify's manage_url sends customers straight to a key's page).
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) {
    return (
      <Suspense>
        <SignInRedirect />
      </Suspense>
    );
  }
  return (
    <div className="space-y-6">
      <AccountNav />
      {children}
    </div>
  );
}
