import Link from "next/link";
import { RecoveryCodesLeft } from "@/components/account/recovery-codes-left";
import { TwoFactorBeginButton } from "@/components/account/two-factor-begin-button";
import { TwoFactorProvenForm } from "@/components/account/two-factor-proven-form";
import { TwoFactorSetup } from "@/components/account/two-factor-setup";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { getTwoFactorStatus, pendingTwoFactorSecret } from "@/lib/auth/two-factor-enrolment";
import { TWO_FACTOR_SETUP_PATH } from "@/lib/auth/two-factor-policy";
import { totpQrCodeDataUrl } from "@/lib/auth/two-factor-qr";
import { formatTotpSecret } from "@/lib/auth/two-factor-totp";
import { twoFactorDeps } from "@/lib/auth/two-factor-verify";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { beginOwnTwoFactor, confirmOwnTwoFactor, disableOwnTwoFactor, regenerateOwnRecoveryCodes } from "./actions";

export const metadata = { title: "Two-factor sign-in" };

type Props = { searchParams: Promise<{ required?: string | string[] }> };

// Account → Settings → Two-factor sign-in: set it up (QR code and the secret as text, then the
// first code), or, when it is on, new recovery codes and turning it off. It is also the only page
// an admin may open while the store requires two-factor and the admin has not set it up.
export default async function TwoFactorPage({ searchParams }: Props) {
  const user = await requireUser(TWO_FACTOR_SETUP_PATH);
  const required = (await searchParams).required === "admin" && user.role === "ADMIN";
  const status = await getTwoFactorStatus(db, user.id);
  const doneHref = user.role === "ADMIN" ? "/admin" : "/account/settings";

  if (status.enabledAt) {
    return (
      <>
        <Heading />
        <Card title="Two-factor sign-in is on">
          <div className="space-y-2 text-sm text-slate-700">
            <p>On since {status.enabledAt.toISOString().slice(0, 10)}. Signing in asks for a code from your authenticator app.</p>
            <RecoveryCodesLeft count={status.recoveryCodesLeft} />
          </div>
        </Card>
        <Card title="New recovery codes" description="Ten new codes replace the ones you have (used or not), which stop working.">
          <TwoFactorProvenForm
            action={regenerateOwnRecoveryCodes}
            label="Make new recovery codes"
            idPrefix="renew"
            account={user.email}
            doneHref={TWO_FACTOR_SETUP_PATH}
          />
        </Card>
        <Card
          title="Turn off two-factor sign-in"
          description="Signing in then takes only your password. To move to another phone, turn it off and set it up again."
        >
          <TwoFactorProvenForm
            action={disableOwnTwoFactor}
            label="Turn off two-factor sign-in"
            idPrefix="turn-off"
            variant="danger"
            account={user.email}
            doneHref={TWO_FACTOR_SETUP_PATH}
          />
        </Card>
      </>
    );
  }

  const deps = twoFactorDeps();
  const secret = status.pending ? await pendingTwoFactorSecret(db, user.id, deps) : null;
  const qrCode = secret ? await totpQrCodeDataUrl({ secret, issuer: getEnv().STORE_NAME, account: user.email }) : null;
  return (
    <>
      <Heading />
      {required && (
        <Alert tone="info">This store requires two-factor sign-in for admins. Set it up here to use Admin.</Alert>
      )}
      {!secret || !qrCode ? (
        <Card
          title="Set up two-factor sign-in"
          description="After your password, signing in will also ask for a 6-digit code from an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, 1Password, Aegis, …), so a stolen password alone does not open your account."
        >
          <TwoFactorBeginButton action={beginOwnTwoFactor} label="Set up two-factor sign-in" />
        </Card>
      ) : (
        <Card title="Set up two-factor sign-in">
          <TwoFactorSetup
            confirm={confirmOwnTwoFactor}
            startOver={beginOwnTwoFactor}
            qrCode={qrCode}
            secret={secret}
            formattedSecret={formatTotpSecret(secret)}
            account={user.email}
            doneHref={`/sign-in?callbackUrl=${encodeURIComponent(doneHref)}`}
          />
        </Card>
      )}
    </>
  );
}

function Heading() {
  return (
    <div className="space-y-1">
      <p className="text-sm">
        <Link href="/account/settings" className="text-indigo-700 hover:underline">← Settings</Link>
      </p>
      <h1 className="text-2xl font-semibold">Two-factor sign-in</h1>
    </div>
  );
}
