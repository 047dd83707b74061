"use client";

import { useState } from "react";
import { REVOKE_REASON_MAX_LENGTH } from "@/lib/licenses/revoke-license";

/** The revocation reason, with a live character count against the 500-character limit. */
export function RevokeReasonField() {
  const [length, setLength] = useState(0);
  const over = length > REVOKE_REASON_MAX_LENGTH;
  return (
    <div className="space-y-1">
      <label htmlFor="revoke-reason" className="block font-medium text-slate-800">
        Reason <span className="font-normal text-slate-500">(optional, shown to the customer)</span>
      </label>
      <textarea
        id="revoke-reason"
        name="reason"
        rows={3}
        maxLength={REVOKE_REASON_MAX_LENGTH}
        aria-describedby="revoke-reason-count"
        onChange={(event) => setLength(event.target.value.length)}
        className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30"
      />
      <p id="revoke-reason-count" className={`text-right text-xs ${over ? "text-red-600" : "text-slate-500"}`}>
        {length} / {REVOKE_REASON_MAX_LENGTH}
      </p>
    </div>
  );
}
