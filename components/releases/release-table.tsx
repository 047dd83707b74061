import type { Release } from "@/lib/releases/entitlement";
import type { ActionState } from "@/lib/http/validated-action";
import { formatDateTime } from "@/lib/licenses/format";
import { formatBytes, shortSha256 } from "@/lib/releases/display";
import { Badge, type BadgeTone } from "../ui/badge";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { CopyButton } from "../ui/copy-button";
import { TableContainer, Td, Th } from "../ui/table";
import { Markdown } from "./markdown";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;
export type ReleaseActions = { publish: Action; yank: Action; update: Action; remove: Action };

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  draft: { label: "Draft", tone: "slate" },
  published: { label: "Published", tone: "green" },
  yanked: { label: "Yanked", tone: "red" },
};

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";

/** A product's releases for its vendor, newest version first, with what can be done to each. */
export function ReleaseTable({ productId, releases, actions }: { productId: string; releases: readonly Release[]; actions: ReleaseActions }) {
  return (
    <TableContainer label="Releases">
      <thead>
        <tr>
          <Th>Version</Th>
          <Th>Channel</Th>
          <Th>Status</Th>
          <Th className="text-right">Size</Th>
          <Th>SHA-256</Th>
          <Th className="text-right">Downloads</Th>
          <Th>Published</Th>
          <Th><span className="sr-only">Actions</span></Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {releases.map((release) => (
          <ReleaseRow key={release.id} productId={productId} release={release} actions={actions} />
        ))}
      </tbody>
    </TableContainer>
  );
}

function ReleaseRow({ productId, release, actions }: { productId: string; release: Release; actions: ReleaseActions }) {
  const status = STATUS[release.status] ?? { label: release.status, tone: "slate" as const };
  const fields = { productId, releaseId: release.id };
  const context = `version ${release.version}`;
  const requirements = [
    release.requires && `WordPress ${release.requires}+`,
    release.tested && `tested up to ${release.tested}`,
    release.requiresPhp && `PHP ${release.requiresPhp}+`,
  ].filter(Boolean);
  return (
    <tr className="hover:bg-slate-50">
      <Td className="min-w-[14rem]">
        <span className="font-mono font-medium">{release.version}</span>
        <span className="block max-w-[16rem] truncate text-xs text-slate-500" title={release.fileName}>{release.fileName}</span>
        {requirements.length > 0 && <span className="block text-xs text-slate-500">{requirements.join(" · ")}</span>}
        <details className="mt-1">
          <summary className="cursor-pointer text-xs font-medium text-indigo-700">Changelog<span className="sr-only"> of {context}</span></summary>
          <Markdown source={release.changelog} className="mt-2 max-w-prose" />
        </details>
      </Td>
      <Td>{release.channel === "beta" ? <Badge tone="amber">Beta</Badge> : "Stable"}</Td>
      <Td><Badge tone={status.tone}>{status.label}</Badge></Td>
      <Td className="whitespace-nowrap text-right tabular-nums">{formatBytes(release.sizeBytes)}</Td>
      <Td className="whitespace-nowrap">
        <div className="flex items-center gap-2">
          <code className="font-mono text-xs" title={release.sha256}>{shortSha256(release.sha256)}</code>
          <CopyButton text={release.sha256} label={`SHA-256 of ${context}`} />
        </div>
      </Td>
      <Td className="text-right tabular-nums">{release.downloadCount.toLocaleString("en-US")}</Td>
      <Td className="whitespace-nowrap">{release.publishedAt ? formatDateTime(release.publishedAt) : "—"}</Td>
      <Td>
        <div className="flex flex-wrap gap-2">
          {release.status === "draft" && (
            <ConfirmDialog
              action={actions.publish}
              fields={fields}
              triggerLabel="Publish"
              triggerContext={context}
              triggerVariant="primary"
              title={`Publish ${release.version}?`}
              confirmLabel="Publish"
              confirmVariant="primary"
            >
              <p>Every key entitled to it can download it from now on, and WordPress sites are offered the update. The file can no longer change.</p>
            </ConfirmDialog>
          )}
          {release.status !== "yanked" && (
            <ConfirmDialog
              action={actions.update}
              fields={fields}
              triggerLabel="Edit"
              triggerContext={context}
              title={`Edit ${release.version}`}
              confirmLabel="Save"
              confirmVariant="primary"
            >
              {release.status === "draft" ? (
                <div className="space-y-1">
                  <label htmlFor={`channel-${release.id}`} className="block font-medium text-slate-700">Channel</label>
                  <select id={`channel-${release.id}`} name="channel" defaultValue={release.channel} className={inputClass}>
                    <option value="stable">Stable</option>
                    <option value="beta">Beta</option>
                  </select>
                </div>
              ) : (
                <p>A published release keeps its channel; its notes can still change.</p>
              )}
              <div className="space-y-1">
                <label htmlFor={`changelog-${release.id}`} className="block font-medium text-slate-700">Changelog</label>
                <textarea id={`changelog-${release.id}`} name="changelog" rows={6} defaultValue={release.changelog} className={inputClass} />
                <p className="text-xs text-slate-500">Markdown.</p>
              </div>
            </ConfirmDialog>
          )}
          {release.status === "published" && (
            <ConfirmDialog
              action={actions.yank}
              fields={fields}
              triggerLabel="Yank"
              triggerContext={context}
              triggerVariant="danger"
              title={`Yank ${release.version}?`}
              confirmLabel="Yank permanently"
            >
              <p>
                No one is offered or can download it again: update checks fall back to the newest release still published,
                and download links already sent stop working. This cannot be undone; a fix is a new version.
              </p>
            </ConfirmDialog>
          )}
          {release.status === "draft" && (
            <ConfirmDialog
              action={actions.remove}
              fields={fields}
              triggerLabel="Delete"
              triggerContext={context}
              triggerVariant="danger"
              title={`Delete the draft ${release.version}?`}
              confirmLabel="Delete draft"
            >
              <p>The draft and its file are deleted. Nobody has downloaded it: drafts are never offered.</p>
            </ConfirmDialog>
          )}
        </div>
      </Td>
    </tr>
  );
}
