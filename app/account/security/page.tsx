import { ChangePasswordForm } from "@/components/account/change-password-form";
import { SignOutEverywhere } from "@/components/account/sign-out-everywhere";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { changeOwnPassword, signOutOwnSessionsEverywhere } from "./actions";

export const metadata = { title: "Security" };

export default async function AccountSecurityPage() {
  const user = await requireUser("/account/security");
  return (
    <>
      <h1 className="text-2xl font-semibold">Security</h1>
      <Card title="Change password" description="Changing your password signs out every other browser and device signed in to your account.">
        <ChangePasswordForm action={changeOwnPassword} email={user.email} />
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
