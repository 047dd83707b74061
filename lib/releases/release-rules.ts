// The plain facts about a release that forms, API schemas and the domain share, kept apart from
// createRelease so that importing them pulls in no database or storage.
export const RELEASE_CHANNELS = ["stable", "beta"] as const;
export type ReleaseChannelName = (typeof RELEASE_CHANNELS)[number];
export const RELEASE_STATUSES = ["draft", "published", "yanked"] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];
export const PRODUCT_KINDS = ["plugin", "theme", "other"] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
export const CHANGELOG_MAX_LENGTH = 20_000;

export const asProductKind = (kind: string): ProductKind => (PRODUCT_KINDS.includes(kind as ProductKind) ? (kind as ProductKind) : "other");
export const asReleaseStatus = (status: string): ReleaseStatus => (status === "draft" || status === "published" ? status : "yanked");
