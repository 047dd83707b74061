import { orderStatusLabel } from "@/lib/orders/status";
import { Badge, type BadgeTone } from "../ui/badge";

const TONE: Record<string, BadgeTone> = {
  paid: "green",
  pending: "amber",
  refunded: "slate",
  partially_refunded: "amber",
  disputed: "red",
  failed: "red",
  cancelled: "slate",
};

export function OrderStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONE[status] ?? "slate"}>{orderStatusLabel(status)}</Badge>;
}
