"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { PRODUCT_CURRENCIES } from "@/lib/products/schemas";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

export type ProductFormValues = {
  name: string;
  slug: string;
  description: string;
  price: string;
  currency: string;
  maxActivations: string;
  validityDays: string;
  active: boolean;
};

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  initial: ProductFormValues;
  productId?: string;
  submitLabel: string;
};

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid]:border-red-500";

function valuesFrom(formData: FormData): ProductFormValues {
  const text = (name: string) => String(formData.get(name) ?? "");
  return {
    name: text("name"),
    slug: text("slug"),
    description: text("description"),
    price: text("price"),
    currency: text("currency"),
    maxActivations: text("maxActivations"),
    validityDays: text("validityDays"),
    active: formData.get("active") === "on",
  };
}

/** Create or edit a product; errors appear beside their fields and the input is kept. */
export function ProductForm({ action, initial, productId, submitLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  // React resets a form after its action; resetting to what was submitted keeps the input.
  const [values, setValues] = useState(initial);
  const errors = state.fieldErrors ?? {};
  const describedBy = (name: string, hint?: boolean) =>
    [hint ? `${name}-hint` : null, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;

  function submit(formData: FormData) {
    setValues(valuesFrom(formData));
    formAction(formData);
  }

  return (
    <form action={submit} className="space-y-5" noValidate>
      {productId && <input type="hidden" name="productId" value={productId} />}
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Name" name="name" required defaultValue={values.name} error={errors.name} />
        <div className="space-y-1">
          <Field
            label="Slug"
            name="slug"
            required
            defaultValue={values.slug}
            error={errors.slug}
            aria-describedby={describedBy("slug", true)}
            autoCapitalize="none"
            spellCheck={false}
          />
          <p id="slug-hint" className="text-xs text-slate-500">The product&apos;s address: /products/your-slug</p>
        </div>
      </div>
      <div className="space-y-1">
        <label htmlFor="description" className="block text-sm font-medium text-slate-700">Description</label>
        <textarea
          id="description"
          name="description"
          rows={3}
          defaultValue={values.description}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy("description")}
          className={inputClass}
        />
        {errors.description && <p id="description-error" className="text-sm text-red-600">{errors.description}</p>}
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Price" name="price" inputMode="decimal" required defaultValue={values.price} error={errors.price} placeholder="49.00" />
        <div className="space-y-1">
          <label htmlFor="currency" className="block text-sm font-medium text-slate-700">Currency</label>
          <select key={values.currency} id="currency" name="currency" defaultValue={values.currency} className={inputClass} aria-invalid={errors.currency ? true : undefined} aria-describedby={describedBy("currency")}>
            {PRODUCT_CURRENCIES.map((code) => (
              <option key={code} value={code}>{code.toUpperCase()}</option>
            ))}
          </select>
          {errors.currency && <p id="currency-error" className="text-sm text-red-600">{errors.currency}</p>}
        </div>
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <div className="space-y-1">
          <Field
            label="Default Max Activations"
            name="maxActivations"
            type="number"
            inputMode="numeric"
            min={0}
            required
            defaultValue={values.maxActivations}
            error={errors.maxActivations}
            aria-describedby={describedBy("maxActivations", true)}
          />
          <p id="maxActivations-hint" className="text-xs text-slate-500">Sites per key; 0 = unlimited. Copied onto each new key.</p>
        </div>
        <div className="space-y-1">
          <Field
            label="Validity (days)"
            name="validityDays"
            type="number"
            inputMode="numeric"
            min={1}
            defaultValue={values.validityDays}
            error={errors.validityDays}
            aria-describedby={describedBy("validityDays", true)}
            placeholder="Lifetime"
          />
          <p id="validityDays-hint" className="text-xs text-slate-500">Leave empty for lifetime keys. 365 = one year.</p>
        </div>
      </div>
      <div className="flex items-start gap-3">
        <input id="active" name="active" type="checkbox" defaultChecked={values.active} className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-indigo-600" />
        <div>
          <label htmlFor="active" className="text-sm font-medium text-slate-700">Active</label>
          <p className="text-xs text-slate-500">Shown in the store and for sale. Keys already sold keep working either way.</p>
        </div>
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : submitLabel}</Button>
    </form>
  );
}
