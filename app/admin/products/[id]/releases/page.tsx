import Link from "next/link";
import { notFound } from "next/navigation";
import { ReleaseTable } from "@/components/releases/release-table";
import { ReleaseUploadForm } from "@/components/releases/release-upload-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { recordIdSchema } from "@/lib/licenses/admin-schemas";
import { findProductForAdmin } from "@/lib/products/admin-products";
import { listProductReleases } from "@/lib/releases/queries";
import { deleteDraftReleaseAction, publishReleaseAction, updateReleaseAction, yankReleaseAction } from "./actions";

export const metadata = { title: "Releases · Admin" };

type Props = { params: Promise<{ id: string }> };

const KIND_NAMES: Record<string, string> = { plugin: "WordPress plugin", theme: "WordPress theme", other: "file" };

export default async function ProductReleasesPage({ params }: Props) {
  const { id } = await params;
  await requireAdmin(`/admin/products/${encodeURIComponent(id)}/releases`);
  const productId = recordIdSchema.safeParse(id);
  const product = productId.success ? await findProductForAdmin(db, productId.data) : null;
  if (!product) notFound();
  const releases = await listProductReleases(db, product.id);

  return (
    <>
      <div className="space-y-2">
        <Link href={`/admin/products/${product.id}`} className="text-sm font-medium text-indigo-700 hover:underline">← {product.name}</Link>
        <h1 className="text-2xl font-semibold">Releases of {product.name}</h1>
        <p className="text-sm text-slate-600">
          {KIND_NAMES[product.kind] ?? product.kind} · package folder <code className="font-mono">{product.packageSlug ?? product.slug}</code>.
          Published releases go to every key entitled to them: Account → Downloads, and the WordPress update check.
        </p>
      </div>

      <Card title="Upload a release" className="max-w-3xl">
        <ReleaseUploadForm
          productId={product.id}
          kind={product.kind}
          packageFolder={product.packageSlug ?? product.slug}
          maxMegabytes={getEnv().RELEASE_MAX_MB}
        />
      </Card>

      <section aria-labelledby="releases-heading" className="space-y-3">
        <h2 id="releases-heading" className="text-lg font-semibold">All releases</h2>
        {releases.length === 0 ? (
          <EmptyState title="No releases yet">Upload the first file above; save it as a draft to check it before customers get it.</EmptyState>
        ) : (
          <ReleaseTable
            productId={product.id}
            releases={releases}
            actions={{ publish: publishReleaseAction, yank: yankReleaseAction, update: updateReleaseAction, remove: deleteDraftReleaseAction }}
          />
        )}
      </section>
    </>
  );
}
