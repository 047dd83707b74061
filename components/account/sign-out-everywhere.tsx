"use client";

import { signOut } from "next-auth/react";
import type { ActionState } from "@/lib/http/validated-action";
import { ConfirmDialog } from "../ui/confirm-dialog";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState> };

/**
 * Asks, then ends every session on the server; this browser then clears its own cookie and goes
 * to the sign-in page. (Its session is already dead on the server, so a failed sign-out here
 * still leaves it signed out at the next request.)
 */
export function SignOutEverywhere({ action }: Props) {
  async function endEverySession(previous: ActionState, formData: FormData): Promise<ActionState> {
    const result = await action(previous, formData);
    if (result.ok) await signOut({ callbackUrl: "/sign-in" });
    return result;
  }
  return (
    <ConfirmDialog
      action={endEverySession}
      fields={{}}
      triggerLabel="Sign out everywhere"
      triggerVariant="danger"
      title="Sign out everywhere?"
      confirmLabel="Sign out everywhere"
    >
      <p>Every browser and device signed in to your account will be signed out, this one included. You can sign in again with your password.</p>
    </ConfirmDialog>
  );
}
