import { VerifyEmailBanner } from "@/components/account/verify-email-banner";
import { getAccountProfile } from "@/lib/account/profile";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { visibleToCustomer } from "@/lib/licenses/queries";
import { resendOwnVerificationEmail } from "./settings/actions";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const [licenses, orders, profile] = await Promise.all([
    db.license.count({ where: visibleToCustomer(user.id) }),
    db.order.count({ where: { userId: user.id } }),
    getAccountProfile(db, user.id),
  ]);
  return (
    <>
      <h1 className="text-2xl font-semibold">Your account</h1>
      {profile && !profile.verified && <VerifyEmailBanner email={profile.email} resend={resendOwnVerificationEmail} />}
      <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 text-sm sm:grid-cols-2">
        <div><dt className="text-slate-500">Name</dt><dd className="font-medium">{profile?.name ?? user.name ?? "—"}</dd></div>
        <div><dt className="text-slate-500">Email</dt><dd className="font-medium break-all">{user.email}</dd></div>
        <div><dt className="text-slate-500">License keys</dt><dd className="font-medium">{licenses}</dd></div>
        <div><dt className="text-slate-500">Orders</dt><dd className="font-medium">{orders}</dd></div>
      </dl>
    </>
  );
}
