import Link from "next/link";
import { RecoveryCodesLeft } from "@/components/account/recovery-codes-left";
import { TwoFactorBeginButton } from "@/components/account/two-factor-begin-button";
import { TwoFactorConfirmForm } from "@/components/account/two-factor-confirm-form";
import { TwoFactorProvenForm } from "@/components/account/two-factor-proven-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
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
          <TwoFactorProvenForm action={regenerateOwnRecoveryCodes} label="Make new recovery codes" account={user.email} doneHref={TWO_FACTOR_SETUP_PATH} />
        </Card>
        <Card title="Turn off two-factor sign-in" description="Signing in then takes only your password. To move to another phone, turn it off and set it up again.">
          <TwoFactorProvenForm action={disableOwnTwoFactor} label="Turn off two-factor sign-in" variant="danger" account={user.email} doneHref={TWO_FACTOR_SETUP_PATH} />
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
          <ol className="space-y-6 text-sm text-slate-700">
            <li className="space-y-3">
              <p><span className="font-semibold">1.</span> In your authenticator app, add an account and scan this code:</p>
              {/* A data: URL made on the server: the secret goes to no other site. */}
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img
                src={qrCode}
                alt="QR code for your authenticator app"
                width={200}
                height={200}
                className="rounded-md border border-slate-200"
              />
              <p>Or type this key into the app (time-based, 6 digits):</p>
              <p className="flex flex-wrap items-center gap-3">
                <code data-testid="totp-secret" className="rounded bg-slate-100 px-2 py-1 font-mono text-base tracking-wide break-all">
                  {formatTotpSecret(secret)}
                </code>
                <CopyButton text={secret} label="the key" />
              </p>
            </li>
            <li className="space-y-3">
              <p><span className="font-semibold">2.</span> Enter the code the app shows:</p>
              <TwoFactorConfirmForm action={confirmOwnTwoFactor} account={user.email} doneHref={doneHref} />
            </li>
          </ol>
          <div className="mt-6 border-t border-slate-200 pt-4">
            <TwoFactorBeginButton action={beginOwnTwoFactor} label="Start over with a new key" variant="secondary" />
          </div>
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
