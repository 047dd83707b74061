import Link from "next/link";
import { customerDownloadHref } from "@/lib/releases/customer-downloads";

/**
 * The Download button of a license card and a license page: the newest version the key covers,
 * through the route that checks the key again and hands out a short-lived link; and the way to
 * every other version.
 */
export function LicenseDownloadButton({
  licenseId,
  productName,
  download,
}: {
  licenseId: string;
  productName: string;
  download: { releaseId: string; version: string };
}) {
  return (
    <>
      {/* A plain link: the route answers with a redirect to the file, not a page to prefetch. */}
      <a
        href={customerDownloadHref(licenseId, download.releaseId)}
        className="inline-flex items-center justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
      >
        Download {download.version}<span className="sr-only"> of {productName}</span>
      </a>
      <Link href={`/account/downloads#license-${licenseId}`} className="text-sm font-medium text-indigo-700 hover:underline">
        All versions<span className="sr-only"> of {productName}</span>
      </Link>
    </>
  );
}
