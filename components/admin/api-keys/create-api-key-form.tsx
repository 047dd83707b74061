"use client";

import { useActionState, useState } from "react";
import type { CreateApiKeyState } from "@/app/admin/api-keys/actions";
import { Alert } from "../../ui/alert";
import { Button } from "../../ui/button";
import { Field } from "../../ui/field";

type Props = { action: (state: CreateApiKeyState, formData: FormData) => Promise<CreateApiKeyState> };

/** Creates a key and shows its secret once: it is not stored, so it cannot be shown again. */
export function CreateApiKeyForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  const [copied, setCopied] = useState<string | null>(null);
  const created = state.created;

  async function copy(secret: string) {
    await navigator.clipboard.writeText(secret);
    setCopied(secret);
  }

  return (
    <div className="space-y-4">
      {created && (
        <Alert tone="success">
          <p className="font-medium">
            {created.scope === "write" ? "Write" : "Read"} key “{created.name}” created. Copy it now: it will not be shown again.
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="api-key-secret" className="break-all rounded bg-white px-2 py-1 font-mono text-sm text-slate-900">{created.secret}</code>
            <Button type="button" variant="secondary" onClick={() => void copy(created.secret)}>
              {copied === created.secret ? "Copied" : "Copy"}
            </Button>
          </div>
        </Alert>
      )}
      {state.error && <Alert>{state.error}</Alert>}
      <form action={formAction} className="grid gap-4 sm:grid-cols-[1fr_auto_auto] sm:items-end" noValidate>
        <Field label="Name" name="name" required maxLength={100} placeholder="e.g. Support backend" error={state.fieldErrors?.name} />
        <div className="space-y-1">
          <label htmlFor="scope" className="block text-sm font-medium text-slate-700">Scope</label>
          <select id="scope" name="scope" defaultValue="read" className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="read">read: list and get</option>
            <option value="write">write: also issue, activate, revoke, delete</option>
          </select>
          {state.fieldErrors?.scope && <p className="text-sm text-red-600">{state.fieldErrors.scope}</p>}
        </div>
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
      </form>
    </div>
  );
}
