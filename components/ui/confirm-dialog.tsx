"use client";

import { useActionState, useEffect, useId, useRef } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "./alert";
import { Button } from "./button";

type Variant = "primary" | "secondary" | "danger";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  /** Hidden inputs sent with the form (ids). */
  fields: Record<string, string>;
  triggerLabel: string;
  /** Completes the trigger's accessible name, e.g. the domain a Deactivate button is for. */
  triggerContext?: string;
  triggerVariant?: Variant;
  title: string;
  confirmLabel: string;
  confirmVariant?: Variant;
  /** The dialog's body: what will happen, and any extra inputs. */
  children: React.ReactNode;
};

/**
 * A button that asks first. The question is a native modal <dialog> (focus moves into it, Escape
 * and Cancel close it); its form posts to a server action and closes on success. The form is in
 * the page from the start, so it also works before JavaScript has loaded.
 */
export function ConfirmDialog(props: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction, pending] = useActionState(props.action, {});
  const titleId = useId();

  useEffect(() => {
    if (state.ok) dialog.current?.close();
  }, [state]);

  function open() {
    dialog.current?.showModal();
    dialog.current?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
  }

  return (
    <div className="space-y-2">
      <Button type="button" variant={props.triggerVariant ?? "secondary"} onClick={open} aria-haspopup="dialog">
        {props.triggerLabel}
        {props.triggerContext && <span className="sr-only"> {props.triggerContext}</span>}
      </Button>
      {state.ok && state.message && (
        <p role="status" className="text-sm text-emerald-700">
          {state.message}
        </p>
      )}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg bg-white p-0 text-left text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      >
        <form action={formAction} className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {props.title}
          </h2>
          <div className="space-y-3 text-sm text-slate-700">{props.children}</div>
          {Object.entries(props.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {state.error && <Alert>{state.fieldErrors ? Object.values(state.fieldErrors).join(" ") : state.error}</Alert>}
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" data-autofocus onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant={props.confirmVariant ?? "danger"} disabled={pending}>
              {pending ? "Working…" : props.confirmLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
