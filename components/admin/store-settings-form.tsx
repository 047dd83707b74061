"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  localEnvironmentsFree: boolean;
};

export function StoreSettingsForm({ action, localEnvironmentsFree }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4">
      <div className="flex items-start gap-3">
        <input
          id="localEnvironmentsFree"
          name="localEnvironmentsFree"
          type="checkbox"
          defaultChecked={localEnvironmentsFree}
          aria-describedby="localEnvironmentsFree-hint"
          className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 accent-indigo-600"
        />
        <div className="min-w-0">
          <label htmlFor="localEnvironmentsFree" className="text-sm font-medium text-slate-800">
            Local and staging hosts take no slot
          </label>
          <p id="localEnvironmentsFree-hint" className="text-sm text-slate-600">
            When on, keys verify on development and staging hosts without using one of their activations: <code>localhost</code>{" "}
            and names under <code>.localhost</code>, <code>.local</code>, <code>.test</code>, <code>.example</code> and{" "}
            <code>.invalid</code>, and loopback, private and link-local IP addresses. They still appear in each key&apos;s activation
            history. Off by default.
          </p>
        </div>
      </div>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save settings"}</Button>
    </form>
  );
}
