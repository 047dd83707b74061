"use client";

import Image from "next/image";
import { formatKilobytes, PRODUCT_IMAGE_MAX_BYTES, type ProductImageKind } from "@/lib/products/schemas";

export type CurrentImage = { src: string };

const ACCEPT = "image/png,image/jpeg,image/webp";

/**
 * The errors of images over their size limit, found before the form is sent: such a file would
 * overflow the server action's body limit and fail without a field error. (The server checks the
 * size again, and what the file is from its bytes.)
 */
export function oversizedImageErrors(formData: FormData): Partial<Record<ProductImageKind, string>> {
  const errors: Partial<Record<ProductImageKind, string>> = {};
  for (const kind of ["icon", "banner"] as const) {
    const file = formData.get(kind);
    const max = PRODUCT_IMAGE_MAX_BYTES[kind];
    if (file instanceof Blob && file.size > max) {
      errors[kind] = `The ${kind} must be at most ${formatKilobytes(max)}; this file is ${formatKilobytes(file.size)}`;
    }
  }
  return errors;
}

type Props = {
  kind: ProductImageKind;
  label: string;
  hint: string;
  current: CurrentImage | null;
  error?: string;
  onChosen: () => void;
};

/** One optional image: the current one (with a "remove" box), and a file input for a new one. */
export function ProductImageField({ kind, label, hint, current, error, onChosen }: Props) {
  const hintId = `${kind}-hint`;
  const errorId = `${kind}-error`;
  const removeName = kind === "icon" ? "removeIcon" : "removeBanner";
  return (
    <div className="min-w-0 space-y-2">
      <label htmlFor={kind} className="block text-sm font-medium text-slate-700">{label}</label>
      {current && (
        <div className="flex flex-wrap items-center gap-3">
          <Image
            src={current.src}
            alt={`Current ${kind}`}
            width={kind === "icon" ? 64 : 200}
            height={kind === "icon" ? 64 : 65}
            unoptimized
            className="h-16 w-auto max-w-full rounded border border-slate-200 bg-slate-50 object-contain"
          />
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name={removeName} className="h-4 w-4 rounded border-slate-300 accent-indigo-600" />
            Remove the current {kind}
          </label>
        </div>
      )}
      <input
        id={kind}
        name={kind}
        type="file"
        accept={ACCEPT}
        onChange={onChosen}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${hintId}${error ? ` ${errorId}` : ""}`}
        className="block w-full min-w-0 text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-100"
      />
      <p id={hintId} className="text-xs text-slate-500">
        PNG, JPEG or WebP, at most {formatKilobytes(PRODUCT_IMAGE_MAX_BYTES[kind])}. {hint}
      </p>
      {error && <p id={errorId} className="text-sm text-red-600">{error}</p>}
    </div>
  );
}
