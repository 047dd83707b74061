"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  licenseId: string;
  maxActivations: number;
  activationsUsed: number;
};

/** Changes a key's Max Activations (0 = unlimited). Only the limit moves; activations stay. */
export function MaxActivationsForm({ action, licenseId, maxActivations, activationsUsed }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  const error = state.fieldErrors?.maxActivations;
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <input type="hidden" name="licenseId" value={licenseId} />
      <div className="space-y-1">
        <label htmlFor="maxActivations" className="block text-sm font-medium text-slate-700">Max Activations</label>
        <div className="flex flex-wrap gap-2">
          <input
            id="maxActivations"
            name="maxActivations"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            required
            defaultValue={maxActivations}
            aria-invalid={error ? true : undefined}
            aria-describedby={`maxActivations-hint${error ? " maxActivations-error" : ""}`}
            className="block w-28 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid]:border-red-500"
          />
          <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Save limit"}</Button>
        </div>
        <p id="maxActivations-hint" className="text-xs text-slate-500">
          0 = unlimited. {activationsUsed} in use; a lower limit keeps them and blocks new sites until some are freed.
        </p>
        {error && <p id="maxActivations-error" className="text-sm text-red-600">{error}</p>}
      </div>
      {state.error && !error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
    </form>
  );
}
