import type { AdminLicense } from "@/lib/licenses/queries";
import type { ActionState } from "@/lib/http/validated-action";
import { formatDateTime } from "@/lib/licenses/format";
import { Badge } from "../ui/badge";
import { DeactivateActivationDialog } from "../licenses/deactivate-activation-dialog";
import { EmptyState } from "../ui/empty-state";
import { TableContainer, Td, Th } from "../ui/table";

type Props = {
  license: Pick<AdminLicense, "id" | "activations" | "_count">;
  /** Absent on a revoked key: its activations are the record of where it was used. */
  deactivate?: (state: ActionState, formData: FormData) => Promise<ActionState>;
};

/** Every environment that ever verified the key, including deactivated ones. */
export function ActivationHistory({ license, deactivate }: Props) {
  if (license.activations.length === 0) {
    return <EmptyState title="No activations yet">No site has verified this key.</EmptyState>;
  }
  const hidden = license._count.activations - license.activations.length;
  return (
    <div className="space-y-2">
      {hidden > 0 && (
        <p className="text-sm text-slate-600">
          Showing the {license.activations.length} most recent of {license._count.activations.toLocaleString("en-US")} environments.
        </p>
      )}
      <TableContainer label="Activation history">
        <thead>
          <tr>
            <Th>Environment</Th>
            <Th>Kind</Th>
            <Th>IP</Th>
            <Th>User agent</Th>
            <Th>First seen</Th>
            <Th>Last seen</Th>
            <Th>Deactivated</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {license.activations.map((activation) => (
            <tr key={activation.id} className={activation.deactivatedAt ? "text-slate-500" : undefined}>
              <Td className="min-w-[12rem] font-medium">
                <span className="block max-w-[18rem] break-all">{activation.environment}</span>
                {activation.rawValue !== activation.environment && (
                  <span className="block max-w-[16rem] break-all text-xs font-normal text-slate-500">sent as {activation.rawValue}</span>
                )}
                {activation.local && <span className="mt-1 inline-block"><Badge tone="indigo">Local, no slot</Badge></span>}
              </Td>
              <Td>{activation.kind === "ip" ? "IP" : "Domain"}</Td>
              <Td className="whitespace-nowrap font-mono text-xs">{activation.ip ?? "—"}</Td>
              <Td>
                <span className="block max-w-[14rem] truncate text-xs" title={activation.userAgent ?? undefined}>
                  {activation.userAgent ?? "—"}
                </span>
              </Td>
              <Td className="whitespace-nowrap">{formatDateTime(activation.firstSeenAt)}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(activation.lastSeenAt)}</Td>
              <Td className="whitespace-nowrap">
                {activation.deactivatedAt ? (
                  formatDateTime(activation.deactivatedAt)
                ) : deactivate ? (
                  <DeactivateActivationDialog action={deactivate} licenseId={license.id} activation={activation}>
                    <p>
                      Frees the slot <strong className="break-all">{activation.environment}</strong> holds. The row stays in this
                      history; if the site verifies again, it takes a slot again.
                    </p>
                  </DeactivateActivationDialog>
                ) : (
                  <Badge tone="green">Active</Badge>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </TableContainer>
    </div>
  );
}
