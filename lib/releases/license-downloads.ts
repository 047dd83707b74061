// A key's downloads for Admin → Licenses → {key}: which release went to which site, from where.
// Bounded: an unlimited key on thousands of sites downloads every update on each of them.
import type { DbClient } from "../db";

export const LICENSE_DOWNLOADS_SHOWN = 50;

/** The key's newest downloads (at most `take`) with their release's version, and how many there are in all. */
export async function listLicenseDownloads(db: DbClient, licenseId: string, take = LICENSE_DOWNLOADS_SHOWN) {
  const [downloads, total] = await Promise.all([
    db.download.findMany({
      where: { licenseId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take,
      include: { release: { select: { version: true } } },
    }),
    db.download.count({ where: { licenseId } }),
  ]);
  return { downloads, total };
}

export type LicenseDownload = Awaited<ReturnType<typeof listLicenseDownloads>>["downloads"][number];
