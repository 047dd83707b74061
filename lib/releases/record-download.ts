// Every download is recorded (DESIGN.md): who fetched which release, for which site, from where.
// The row and the release's counter move together, so the admin's count always equals its rows.
import type { Db } from "../db";

export type DownloadRecord = {
  releaseId: string;
  /** null: not through a key (kept for the admin's own downloads, should they be recorded). */
  licenseId: string | null;
  /** The site a link was bound to; null for a signed-in customer's own download. */
  environment: string | null;
  ip: string | null;
  userAgent: string | null;
  at?: Date;
};

/** Inserts the Download row and increments Release.downloadCount in one transaction. */
export async function recordDownload(db: Db, download: DownloadRecord): Promise<void> {
  await db.$transaction([
    db.download.create({
      data: {
        releaseId: download.releaseId,
        licenseId: download.licenseId,
        environment: download.environment,
        ip: download.ip,
        // A user agent is the client's text: bounded so a row stays small.
        userAgent: download.userAgent?.slice(0, 500) ?? null,
        ...(download.at ? { at: download.at } : {}),
      },
    }),
    db.release.update({ where: { id: download.releaseId }, data: { downloadCount: { increment: 1 } } }),
  ]);
}
