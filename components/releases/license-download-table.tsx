import { formatDateTime } from "@/lib/licenses/format";
import type { LicenseDownload } from "@/lib/releases/license-downloads";
import { EmptyState } from "../ui/empty-state";
import { TableContainer, Td, Th } from "../ui/table";

/** A key's downloads, newest first: the version, the site the link was for, and who fetched it. */
export function LicenseDownloadTable({ downloads, total }: { downloads: readonly LicenseDownload[]; total: number }) {
  if (downloads.length === 0) return <EmptyState title="No downloads yet">Downloads from Account → Downloads and from WordPress updates appear here.</EmptyState>;
  return (
    <div className="space-y-2">
      {total > downloads.length && (
        <p className="text-sm text-slate-600">The newest {downloads.length} of {total.toLocaleString("en-US")} downloads.</p>
      )}
      <TableContainer label="Downloads of this key">
        <thead>
          <tr>
            <Th>Version</Th>
            <Th>Site</Th>
            <Th>IP</Th>
            <Th>User agent</Th>
            <Th>Time</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {downloads.map((download) => (
            <tr key={download.id}>
              <Td className="font-mono">{download.release.version}</Td>
              <Td className="break-all">{download.environment ?? <span className="text-slate-500">Account → Downloads</span>}</Td>
              <Td className="whitespace-nowrap font-mono text-xs">{download.ip ?? "—"}</Td>
              <Td className="min-w-[12rem] max-w-[24rem] break-words text-xs text-slate-600">{download.userAgent ?? "—"}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(download.at)}</Td>
            </tr>
          ))}
        </tbody>
      </TableContainer>
    </div>
  );
}
