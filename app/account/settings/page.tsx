import Link from "next/link";
import { notFound } from "next/navigation";
import { ChangeNameForm } from "@/components/account/change-name-form";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { RecoveryCodesLeft } from "@/components/account/recovery-codes-left";
import { ResendVerificationButton } from "@/components/account/resend-verification-button";
import { SignOutEverywhere } from "@/components/account/sign-out-everywhere";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { getAccountProfile } from "@/lib/account/profile";
import { requireUser } from "@/lib/auth/session";
import { getTwoFactorStatus } from "@/lib/auth/two-factor-enrolment";
import { TWO_FACTOR_SETUP_PATH } from "@/lib/auth/two-factor-policy";
import { db } from "@/lib/db";
import { changeOwnName, changeOwnPassword, resendOwnVerificationEmail, signOutOwnSessionsEverywhere } from "./actions";

export const metadata = { title: "Settings" };

export default async function AccountSettingsPage() {
  const user = await requireUser("/account/settings");
  const [profile, twoFactor] = await Promise.all([getAccountProfile(db, user.id), getTwoFactorStatus(db, user.id)]);
  if (!profile) notFound();
  return (
    <>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <Card title="Name">
        <ChangeNameForm action={changeOwnName} name={profile.name ?? ""} />
      </Card>
      <Card title="Email address">
        <div className="space-y-3 text-sm">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-medium break-all">{profile.email}</span>
            {profile.verified ? <Badge tone="green">Verified</Badge> : <Badge tone="amber">Not verified</Badge>}
          </p>
          {!profile.verified && (
            <>
              <p className="text-slate-600">Keys the store issued to this address show in your account once you confirm it with the link we emailed you.</p>
              <ResendVerificationButton action={resendOwnVerificationEmail} />
            </>
          )}
        </div>
      </Card>
      <Card title="Change password" description="Changing your password signs out every other browser and device signed in to your account.">
        <ChangePasswordForm action={changeOwnPassword} email={user.email} />
      </Card>
      <Card
        title="Two-factor sign-in"
        description="After your password, signing in also asks for a code from an authenticator app on your phone."
      >
        <div className="space-y-3 text-sm">
          <p className="flex flex-wrap items-center gap-2">
            {twoFactor.enabledAt ? <Badge tone="green">On</Badge> : <Badge tone="amber">Off</Badge>}
            {twoFactor.enabledAt && <span className="text-slate-600">since {twoFactor.enabledAt.toISOString().slice(0, 10)}</span>}
          </p>
          {twoFactor.enabledAt && <RecoveryCodesLeft count={twoFactor.recoveryCodesLeft} />}
          <Link href={TWO_FACTOR_SETUP_PATH} className="inline-block font-medium text-indigo-700 hover:underline">
            {twoFactor.enabledAt ? "Manage two-factor sign-in" : "Set up two-factor sign-in"}
          </Link>
        </div>
      </Card>
      <Card
        title="Sign out everywhere"
        description="Signs out every browser and device signed in to your account, this one included. Use it if you signed in on a computer that is not yours, or think someone else has."
      >
        <SignOutEverywhere action={signOutOwnSessionsEverywhere} />
      </Card>
    </>
  );
}
