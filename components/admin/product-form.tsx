"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { PRODUCT_CURRENCIES, YEARLY_VALIDITY_DAYS } from "@/lib/products/schemas";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { ProductImageField, oversizedImageErrors, type CurrentImage } from "./product-image-field";

export type ProductFormValues = {
  name: string;
  slug: string;
  kind: string;
  packageSlug: string;
  homepage: string;
  author: string;
  description: string;
  installation: string;
  price: string;
  currency: string;
  maxActivations: string;
  validityDays: string;
  active: boolean;
  /** Empty = the store's renewal discount. */
  renewalDiscountPercent: string;
  billing: string;
};

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  initial: ProductFormValues;
  productId?: string;
  /** The product's current icon and banner (edit only). */
  images?: { icon: CurrentImage | null; banner: CurrentImage | null };
  submitLabel: string;
};

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid]:border-red-500";

const BILLING_LABELS = { one_time: "One-time purchase", yearly: "Yearly subscription" } as const;

const KIND_LABELS = { plugin: "WordPress plugin", theme: "WordPress theme", other: "Other (any file)" } as const;

function valuesFrom(formData: FormData): ProductFormValues {
  const text = (name: string) => String(formData.get(name) ?? "");
  return {
    name: text("name"),
    slug: text("slug"),
    kind: text("kind"),
    packageSlug: text("packageSlug"),
    homepage: text("homepage"),
    author: text("author"),
    description: text("description"),
    installation: text("installation"),
    price: text("price"),
    currency: text("currency"),
    maxActivations: text("maxActivations"),
    validityDays: text("validityDays"),
    active: formData.get("active") === "on",
    renewalDiscountPercent: text("renewalDiscountPercent"),
    billing: text("billing"),
  };
}

/** Create or edit a product; errors appear beside their fields and the input is kept. */
export function ProductForm({ action, initial, productId, images, submitLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  // React resets a form after its action; resetting to what was submitted keeps the input.
  const [values, setValues] = useState(initial);
  // An image over its limit never leaves the browser (it would overflow the action's body limit).
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...(state.fieldErrors ?? {}), ...localErrors };
  const describedBy = (name: string, hint?: boolean) =>
    [hint ? `${name}-hint` : null, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;

  function submit(formData: FormData) {
    setValues(valuesFrom(formData));
    const oversized = oversizedImageErrors(formData);
    setLocalErrors(oversized);
    if (Object.keys(oversized).length === 0) formAction(formData);
  }

  const textArea = (name: "description" | "installation", label: string, hint: string) => (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">{label}</label>
      <textarea
        id={name}
        name={name}
        rows={name === "description" ? 4 : 3}
        defaultValue={values[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={describedBy(name, true)}
        className={inputClass}
      />
      <p id={`${name}-hint`} className="text-xs text-slate-500">{hint}</p>
      {errors[name] && <p id={`${name}-error`} className="text-sm text-red-600">{errors[name]}</p>}
    </div>
  );

  return (
    <form action={submit} className="space-y-5" noValidate>
      {productId && <input type="hidden" name="productId" value={productId} />}
      {(state.error || Object.keys(localErrors).length > 0) && <Alert>{state.error ?? "Please correct the highlighted fields."}</Alert>}
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
      <div className="grid gap-5 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="kind" className="block text-sm font-medium text-slate-700">Kind</label>
          <select key={values.kind} id="kind" name="kind" defaultValue={values.kind} className={inputClass} aria-invalid={errors.kind ? true : undefined} aria-describedby={describedBy("kind", true)}>
            {Object.entries(KIND_LABELS).map(([kind, label]) => (
              <option key={kind} value={kind}>{label}</option>
            ))}
          </select>
          <p id="kind-hint" className="text-xs text-slate-500">Plugin and theme zips are checked like WordPress&apos;s installer checks them.</p>
          {errors.kind && <p id="kind-error" className="text-sm text-red-600">{errors.kind}</p>}
        </div>
        <div className="space-y-1">
          <Field
            label="Package folder"
            name="packageSlug"
            defaultValue={values.packageSlug}
            error={errors.packageSlug}
            aria-describedby={describedBy("packageSlug", true)}
            autoCapitalize="none"
            spellCheck={false}
            placeholder={values.slug || "the product slug"}
          />
          <p id="packageSlug-hint" className="text-xs text-slate-500">
            The folder WordPress installs it in (the package slug), and the one top-level folder of its zips. Empty = the product slug.
          </p>
        </div>
      </div>
      {textArea("description", "Description", "Markdown. Shown in WordPress's “View details” dialog.")}
      {textArea("installation", "Installation", "Markdown. The Installation tab of WordPress's “View details” dialog.")}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Homepage" name="homepage" type="url" inputMode="url" defaultValue={values.homepage} error={errors.homepage} placeholder="https://example.com/my-plugin" />
        <Field label="Author" name="author" defaultValue={values.author} error={errors.author} />
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
      <div className="grid gap-5 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="billing" className="block text-sm font-medium text-slate-700">Billing</label>
          <select key={values.billing} id="billing" name="billing" defaultValue={values.billing} className={inputClass} aria-invalid={errors.billing ? true : undefined} aria-describedby={describedBy("billing", true)}>
            {Object.entries(BILLING_LABELS).map(([billing, label]) => (
              <option key={billing} value={billing}>{label}</option>
            ))}
          </select>
          <p id="billing-hint" className="text-xs text-slate-500">
            A yearly subscription charges every year and renews the key by itself (Stripe); it needs a validity of {YEARLY_VALIDITY_DAYS} days.
          </p>
          {errors.billing && <p id="billing-error" className="text-sm text-red-600">{errors.billing}</p>}
        </div>
        <div className="space-y-1">
          <Field
            label="Renewal discount (%)"
            name="renewalDiscountPercent"
            inputMode="numeric"
            defaultValue={values.renewalDiscountPercent}
            error={errors.renewalDiscountPercent}
            aria-describedby={describedBy("renewalDiscountPercent", true)}
            placeholder="Store setting"
          />
          <p id="renewalDiscountPercent-hint" className="text-xs text-slate-500">
            Percent off the price when a key is renewed, 0–100. Empty = the store&apos;s setting (Admin → Settings).
          </p>
        </div>
      </div>
      <fieldset className="space-y-4">
        <legend className="text-sm font-medium text-slate-700">Images for WordPress&apos;s update screens</legend>
        <div className="grid gap-5 sm:grid-cols-2">
          <ProductImageField kind="icon" label="Icon" hint="Square, 256 × 256 px." current={images?.icon ?? null} error={errors.icon} onChosen={() => setLocalErrors({})} />
          <ProductImageField kind="banner" label="Banner" hint="1544 × 500 px (or 772 × 250)." current={images?.banner ?? null} error={errors.banner} onChosen={() => setLocalErrors({})} />
        </div>
      </fieldset>
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
