import type { InputHTMLAttributes } from "react";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string };

/**
 * A labelled input with its error message tied to it for screen readers. Its id is its name
 * unless `id` is given (two forms with the same field names on one page).
 */
export function Field({ label, name, error, id = name, ...input }: FieldProps) {
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid]:border-red-500"
        {...input}
      />
      {error && <p id={errorId} className="text-sm text-red-600">{error}</p>}
    </div>
  );
}
