import type { Release } from "../../releases/entitlement";
import { asReleaseStatus } from "../../releases/release-rules";
import type { ReleaseObject } from "./schemas";

export function serializeRelease(release: Release, product: { id: string; slug: string }): ReleaseObject {
  return {
    id: release.id,
    product: { id: product.id, slug: product.slug },
    version: release.version,
    channel: release.channel === "beta" ? "beta" : "stable",
    status: asReleaseStatus(release.status),
    changelog: release.changelog,
    requires: release.requires,
    tested: release.tested,
    requires_php: release.requiresPhp,
    file_name: release.fileName,
    content_type: release.contentType,
    size: release.sizeBytes,
    sha256: release.sha256,
    downloads: release.downloadCount,
    created_at: release.createdAt.toISOString(),
    published_at: release.publishedAt?.toISOString() ?? null,
    yanked_at: release.yankedAt?.toISOString() ?? null,
  };
}
