import Link from "next/link";
import { describeOrderLine, type DescribableLine } from "@/lib/orders/get-order";

/**
 * What an order line was, in one sentence (lib/orders/get-order.ts, describeOrderLine), with the
 * renewed or upgraded key as a link: to the customer's key page, or to Admin's.
 */
export function OrderLineSummary({ line, keyHref }: { line: DescribableLine; keyHref: (licenseId: string) => string }) {
  const { before, key, after, rolledBack } = describeOrderLine(line);
  return (
    <span>
      {before}
      {key && (
        <Link href={keyHref(key.id)} className="whitespace-nowrap font-mono text-indigo-700 hover:underline">
          {key.masked}
        </Link>
      )}
      {after}
      {rolledBack && <span className="text-amber-800"> · {rolledBack}</span>}
    </span>
  );
}
