"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/http/validated-action";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  discountPercent: number;
  /** The schedule as the form shows it: "30, 7" and "1". */
  daysBefore: string;
  daysAfter: string;
};

const inputClass =
  "block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid]:border-red-500";

function TextField(props: { name: string; label: string; hint: string; defaultValue: string; error?: string; className: string; inputMode: "numeric" | "text" }) {
  const { name, error } = props;
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">{props.label}</label>
      <input
        id={name}
        name={name}
        type="text"
        inputMode={props.inputMode}
        autoComplete="off"
        defaultValue={props.defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${name}-hint${error ? ` ${name}-error` : ""}`}
        className={`${inputClass} ${props.className}`}
      />
      <p id={`${name}-hint`} className="text-xs text-slate-500">{props.hint}</p>
      {error && <p id={`${name}-error`} className="text-sm text-red-600">{error}</p>}
    </div>
  );
}

/** The store's renewal discount and the expiry reminder schedule. */
export function RenewalSettingsForm({ action, discountPercent, daysBefore, daysAfter }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  // React resets a form after its action: to what was typed when it was refused, else to the saved
  // values (the page's, re-read after the save, so "7,30" comes back as "30, 7").
  const [submitted, setSubmitted] = useState<Record<string, string> | null>(null);
  const errors = state.fieldErrors ?? {};
  const saved = { renewalDiscountPercent: String(discountPercent), reminderDaysBefore: daysBefore, reminderDaysAfter: daysAfter };
  const values = state.fieldErrors && submitted ? submitted : saved;

  function submit(formData: FormData) {
    setSubmitted(Object.fromEntries(Object.keys(saved).map((name) => [name, String(formData.get(name) ?? "")])));
    formAction(formData);
  }

  return (
    <form action={submit} className="space-y-4" noValidate>
      <TextField
        name="renewalDiscountPercent"
        label="Renewal discount (%)"
        hint="Off the product's price when a customer renews a key: a whole percent from 0 to 100. A product can set its own."
        defaultValue={values.renewalDiscountPercent}
        error={errors.renewalDiscountPercent}
        className="w-28"
        inputMode="numeric"
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="reminderDaysBefore"
          label="Reminders: days before expiry"
          hint="e.g. 30, 7. Empty for none."
          defaultValue={values.reminderDaysBefore}
          error={errors.reminderDaysBefore}
          className="w-full"
          inputMode="text"
        />
        <TextField
          name="reminderDaysAfter"
          label="Reminders: days after expiry"
          hint="e.g. 1. Empty for none."
          defaultValue={values.reminderDaysAfter}
          error={errors.reminderDaysAfter}
          className="w-full"
          inputMode="text"
        />
      </div>
      <p className="text-sm text-slate-600">
        Each reminder is emailed once per key and term, with the renewal price and a link to renew; never for lifetime, revoked or
        replaced keys, or keys a subscription renews. Up to 6 in all, each 1 to 365 days from expiry.
      </p>
      {state.error && <Alert>{state.error}</Alert>}
      {state.ok && state.message && <Alert tone="success">{state.message}</Alert>}
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save renewal settings"}</Button>
    </form>
  );
}
