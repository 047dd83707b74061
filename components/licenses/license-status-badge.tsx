import { LICENSE_STATUS_LABELS } from "@/lib/licenses/format";
import type { LicenseStatus } from "@/lib/licenses/status";
import { Badge, type BadgeTone } from "../ui/badge";

const TONE: Record<LicenseStatus, BadgeTone> = { active: "green", expired: "amber", revoked: "red" };

export function LicenseStatusBadge({ status }: { status: LicenseStatus }) {
  return <Badge tone={TONE[status]}>{LICENSE_STATUS_LABELS[status]}</Badge>;
}
