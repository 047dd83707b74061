import { CopyButton } from "../ui/copy-button";

/** The full key, selectable, with a Copy button beside it (below it on a narrow screen). */
export function LicenseKey({ licenseKey, label }: { licenseKey: string; label: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <code className="min-w-0 break-all rounded-md bg-slate-100 px-2.5 py-1.5 font-mono text-sm text-slate-900 select-all">
        {licenseKey}
      </code>
      <CopyButton text={licenseKey} label={label} />
    </div>
  );
}
