import Link from "next/link";
import type { ReactNode } from "react";
import type { LicenseStatus } from "@/lib/licenses/status";
import { LicenseStatusBadge } from "./license-status-badge";

type Props = { backHref: string; productName: string; status: LicenseStatus; children?: ReactNode };

/** The top of a key's page: the way back to the list, the product as the title, the status. */
export function LicenseHeading({ backHref, productName, status, children }: Props) {
  return (
    <div className="space-y-2">
      <Link href={backHref} className="text-sm font-medium text-indigo-700 hover:underline">← All licenses</Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{productName}</h1>
        <LicenseStatusBadge status={status} />
      </div>
      {children}
    </div>
  );
}
