import type { EmailStateLabel } from "@/lib/email/list-messages";
import { Badge } from "../ui/badge";

export function EmailStateBadge({ state }: { state: EmailStateLabel }) {
  return <Badge tone={state.tone}>{state.label}</Badge>;
}
