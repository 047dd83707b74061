import Link from "next/link";
import type { Product } from "@/lib/db";
import { formatMaxActivations } from "@/lib/licenses/format";
import { formatPrice, formatValidity } from "@/lib/products/format";
import { Badge } from "../ui/badge";
import { TableContainer, Td, Th } from "../ui/table";

type Row = Product & { _count: { licenses: number } };

const KIND_LABELS: Record<string, string> = { plugin: "WordPress plugin", theme: "WordPress theme", other: "Other file" };

export function ProductTable({ products }: { products: readonly Row[] }) {
  return (
    <TableContainer label="Products">
      <thead>
        <tr>
          <Th>Product</Th>
          <Th className="text-right">Price</Th>
          <Th className="text-right">Max Activations</Th>
          <Th>Validity</Th>
          <Th className="text-right">Keys issued</Th>
          <Th>Status</Th>
          <Th><span className="sr-only">Releases</span></Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {products.map((product) => (
          <tr key={product.id} className="hover:bg-slate-50">
            <Td className="min-w-[12rem]">
              <Link href={`/admin/products/${product.id}`} className="font-medium text-indigo-700 hover:underline">
                {product.name}
              </Link>
              <span className="block font-mono text-xs text-slate-500">{product.slug}</span>
              <span className="block text-xs text-slate-500">{KIND_LABELS[product.kind] ?? product.kind}</span>
            </Td>
            <Td className="whitespace-nowrap text-right tabular-nums">{formatPrice(product.priceCents, product.currency)}</Td>
            <Td className="text-right tabular-nums">{formatMaxActivations(product.maxActivations)}</Td>
            <Td className="whitespace-nowrap">{formatValidity(product.validityDays)}</Td>
            <Td className="text-right tabular-nums">{product._count.licenses.toLocaleString("en-US")}</Td>
            <Td>{product.active ? <Badge tone="green">Active</Badge> : <Badge>Hidden</Badge>}</Td>
            <Td className="whitespace-nowrap">
              <Link href={`/admin/products/${product.id}/releases`} className="font-medium text-indigo-700 hover:underline">
                Releases<span className="sr-only"> of {product.name}</span>
              </Link>
            </Td>
          </tr>
        ))}
      </tbody>
    </TableContainer>
  );
}
