import Link from "next/link";
import { CreateApiKeyForm } from "@/components/admin/api-keys/create-api-key-form";
import { RevokeApiKeyButton } from "@/components/admin/api-keys/revoke-api-key-button";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata = { title: "API keys" };

const formatDate = (date: Date | null) =>
  date ? new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date) + " UTC" : "Never";

export default async function ApiKeysPage() {
  await requireAdmin("/admin/api-keys");
  const keys = await listApiKeys(db);
  return (
    <>
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Keys for your own backend to call the Server-side License API (<code>Authorization: Bearer sk_…</code>).
          Read keys list and get licenses; write keys also issue, activate, revoke and delete activations.
          Never put a key inside a product you distribute. See the <Link href="/docs/api" className="text-indigo-700 underline">API reference</Link>.
        </p>
      </div>

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="text-lg font-semibold">Create a key</h2>
        <CreateApiKeyForm action={createApiKeyAction} />
      </section>

      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        {keys.length === 0 ? (
          <p className="p-5 text-sm text-slate-600">No API keys yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-2">Name</th>
                <th className="px-4 py-2">Key</th>
                <th className="px-4 py-2">Scope</th>
                <th className="px-4 py-2">Created</th>
                <th className="px-4 py-2">Last used</th>
                <th className="px-4 py-2">Status</th>
                <th className="px-4 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((key) => (
                <tr key={key.id} className={key.revokedAt ? "text-slate-400" : undefined}>
                  <td className="px-4 py-2 font-medium">{key.name}</td>
                  <td className="px-4 py-2 font-mono text-xs">{key.prefix}…</td>
                  <td className="px-4 py-2">{key.scope}</td>
                  <td className="px-4 py-2">{formatDate(key.createdAt)}</td>
                  <td className="px-4 py-2">{formatDate(key.lastUsedAt)}</td>
                  <td className="px-4 py-2">{key.revokedAt ? `Revoked ${formatDate(key.revokedAt)}` : "Active"}</td>
                  <td className="px-4 py-2 text-right">
                    {!key.revokedAt && <RevokeApiKeyButton id={key.id} name={key.name} action={revokeApiKeyAction} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
