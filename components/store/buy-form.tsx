"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { formatPrice } from "@/lib/products/format";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  productSlug: string;
  priceCents: number;
  currency: string;
  initialQuantity: number;
  /** The most keys one order of this product can hold (MAX_QUANTITY, or fewer for a high price). */
  maxQuantity: number;
  signedIn: boolean;
};

/** Quantity and Buy: one key per unit. Anonymous buyers are sent to sign in and brought back here. */
export function BuyForm({ action, productSlug, priceCents, currency, initialQuantity, maxQuantity, signedIn }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  const [quantity, setQuantity] = useState(String(initialQuantity));
  const units = Number.parseInt(quantity, 10);
  const total = Number.isInteger(units) && units >= 1 && units <= maxQuantity ? formatPrice(priceCents * units, currency) : "—";
  const error = state.fieldErrors?.quantity;

  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.error && !error && <Alert>{state.error}</Alert>}
      <input type="hidden" name="productSlug" value={productSlug} />
      <div className="flex flex-wrap items-end gap-4">
        <div className="space-y-1">
          <label htmlFor="quantity" className="block text-sm font-medium text-slate-700">
            Quantity (one key per unit)
          </label>
          <input
            id="quantity"
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={maxQuantity}
            step={1}
            required
            value={quantity}
            onChange={(event) => setQuantity(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "quantity-error" : undefined}
            className="block w-28 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid]:border-red-500"
          />
        </div>
        <p className="pb-2 text-sm text-slate-600">
          Total <span className="font-semibold text-slate-900" aria-live="polite">{total}</span>
        </p>
      </div>
      {error && <p id="quantity-error" className="text-sm text-red-600">{error}</p>}
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {pending ? "Starting checkout…" : signedIn ? "Buy now" : "Sign in to buy"}
      </Button>
    </form>
  );
}
