import type { Activation } from "../../db";
import { parseUserAgent } from "./parse-user-agent";
import type { ActivationObject } from "./schemas";

export function serializeActivation(row: Activation): ActivationObject {
  return {
    id: row.id,
    environment: row.environment,
    kind: row.kind === "ip" ? "ip" : "domain",
    local: row.local,
    ip: row.ip,
    user_agent: row.userAgent ? parseUserAgent(row.userAgent) : null,
    first_seen_at: row.firstSeenAt.toISOString(),
    last_seen_at: row.lastSeenAt.toISOString(),
    deactivated_at: row.deactivatedAt?.toISOString() ?? null,
  };
}
