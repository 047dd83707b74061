"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

export type UpgradeTarget = { id: string; name: string; active: boolean };

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  productId: string;
  currency: string;
  /** Other products in the same currency. */
  targets: UpgradeTarget[];
};

const selectClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid]:border-red-500";

/** Add an upgrade path: the product to move to, and an optional fixed price (empty = the difference). */
export function ProductUpgradeForm({ action, productId, currency, targets }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  // React resets a form after its action: a refused one comes back as it was sent, an added one empty.
  const [sent, setSent] = useState({ toProductId: "", fixedPrice: "" });
  const values = state.ok ? { toProductId: "", fixedPrice: "" } : sent;
  const errors = state.fieldErrors ?? {};

  function submit(formData: FormData) {
    setSent({ toProductId: String(formData.get("toProductId") ?? ""), fixedPrice: String(formData.get("fixedPrice") ?? "") });
    formAction(formData);
  }

  if (targets.length === 0) {
    return <p className="text-sm text-slate-600">Add another product in {currency.toUpperCase()} to offer an upgrade to it.</p>;
  }
  return (
    <form action={submit} className="space-y-3" noValidate aria-labelledby="add-upgrade-heading">
      <h3 id="add-upgrade-heading" className="text-sm font-semibold text-slate-800">Add an upgrade path</h3>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <input type="hidden" name="productId" value={productId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="toProductId" className="block text-sm font-medium text-slate-700">Upgrade to</label>
          <select
            id="toProductId"
            name="toProductId"
            key={`target-${values.toProductId}`}
            defaultValue={values.toProductId}
            className={selectClass}
            aria-invalid={errors.toProductId ? true : undefined}
            aria-describedby={errors.toProductId ? "toProductId-error" : undefined}
          >
            <option value="" disabled>Choose a product…</option>
            {targets.map((target) => (
              <option key={target.id} value={target.id}>{target.name}{target.active ? "" : " (hidden)"}</option>
            ))}
          </select>
          {errors.toProductId && <p id="toProductId-error" className="text-sm text-red-600">{errors.toProductId}</p>}
        </div>
        <div className="space-y-1">
          <Field
            label={`Fixed amount (${currency.toUpperCase()}, optional)`}
            name="fixedPrice"
            key={`price-${values.fixedPrice}`}
            defaultValue={values.fixedPrice}
            inputMode="decimal"
            placeholder="The difference"
            error={errors.fixedPrice}
            aria-describedby={["fixedPrice-hint", errors.fixedPrice ? "fixedPrice-error" : null].filter(Boolean).join(" ")}
          />
          <p id="fixedPrice-hint" className="text-xs text-slate-500">Empty = what the other product costs more than this one, at checkout. 0 = free.</p>
        </div>
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Adding…" : "Add upgrade path"}</Button>
    </form>
  );
}
