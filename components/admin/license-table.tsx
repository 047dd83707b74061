import Link from "next/link";
import type { License } from "@/lib/db";
import { formatExpiry, formatMaxActivations } from "@/lib/licenses/format";
import { deriveLicenseStatus } from "@/lib/licenses/status";
import { LicenseStatusBadge } from "../licenses/license-status-badge";
import { TableContainer, Td, Th } from "../ui/table";

type Row = Pick<License, "id" | "key" | "productName" | "expiresAt" | "revokedAt" | "maxActivations" | "activationsUsed"> & {
  user: { email: string; name: string | null };
};

/** Admin → Licenses, with the spec's columns and wording. */
export function LicenseTable({ licenses, now }: { licenses: readonly Row[]; now: Date }) {
  return (
    <TableContainer label="Licenses">
      <thead>
        <tr>
          <Th>License Key</Th>
          <Th>Customer</Th>
          <Th>Product</Th>
          <Th>Expiry</Th>
          <Th className="text-right">Max Activations</Th>
          <Th className="text-right">Activations Used</Th>
          <Th>Status</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {licenses.map((license) => (
          <tr key={license.id} className="hover:bg-slate-50">
            <Td className="whitespace-nowrap">
              <Link href={`/admin/licenses/${license.id}`} className="font-mono text-indigo-700 hover:underline">
                {license.key}
              </Link>
            </Td>
            <Td>
              <span className="block max-w-[12rem] truncate" title={license.user.email}>{license.user.email}</span>
              {license.user.name && <span className="block text-xs text-slate-500">{license.user.name}</span>}
            </Td>
            <Td className="min-w-[9rem]">{license.productName}</Td>
            <Td className="whitespace-nowrap">{formatExpiry(license.expiresAt)}</Td>
            <Td className="text-right tabular-nums">{formatMaxActivations(license.maxActivations)}</Td>
            <Td className="text-right tabular-nums">{license.activationsUsed}</Td>
            <Td><LicenseStatusBadge status={deriveLicenseStatus(license, now)} /></Td>
          </tr>
        ))}
      </tbody>
    </TableContainer>
  );
}
