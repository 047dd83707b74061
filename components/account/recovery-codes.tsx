"use client";

import { useRouter } from "next/navigation";
import { CopyButton } from "../ui/copy-button";
import { Button } from "../ui/button";

/**
 * The recovery codes, shown once after they are made: copy them, download them as a text file,
 * then go on. The store keeps only their hashes, so this is the only time they can be read.
 */
export function RecoveryCodes({ codes, account, doneHref, onDone }: { codes: string[]; account: string; doneHref: string; onDone?: () => void }) {
  const router = useRouter();
  const text = [`Recovery codes for ${account}`, "Each code signs you in once, instead of a code from your app.", "", ...codes, ""].join("\n");
  return (
    <section aria-labelledby="recovery-codes-title" className="space-y-4">
      <h3 id="recovery-codes-title" className="text-base font-semibold text-slate-900">Save your recovery codes</h3>
      <p className="text-sm text-slate-700">
        If you lose your phone, each of these codes signs you in once instead of a code from your app. Keep them somewhere safe
        (a password manager, or printed). <strong>They are shown only now.</strong>
      </p>
      <ol aria-label="Recovery codes" className="grid max-w-md grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-slate-200 bg-slate-50 p-4 font-mono text-sm">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton text={text} label="the recovery codes" />
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="recovery-codes.txt"
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          Download as a text file
        </a>
        <Button
          type="button"
          onClick={() => {
            onDone?.();
            router.push(doneHref);
            router.refresh();
          }}
        >
          I have saved them
        </Button>
      </div>
    </section>
  );
}
