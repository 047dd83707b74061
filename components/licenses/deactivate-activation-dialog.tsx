import type { ReactNode } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { ConfirmDialog } from "../ui/confirm-dialog";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  licenseId: string;
  activation: { id: string; environment: string };
  /** What freeing the slot means, in the words of the page it is on. */
  children: ReactNode;
};

/** The Deactivate button for one environment on a key, confirmed in a dialog (account and admin). */
export function DeactivateActivationDialog({ action, licenseId, activation, children }: Props) {
  return (
    <ConfirmDialog
      action={action}
      fields={{ licenseId, activationId: activation.id }}
      triggerLabel="Deactivate"
      triggerContext={activation.environment}
      title={`Deactivate ${activation.environment}?`}
      confirmLabel="Deactivate"
    >
      {children}
    </ConfirmDialog>
  );
}
