// Shared steps of the admin integration tests: putting an environment on a key's allow-list
// through activateEnvironment (exactly what Verify does), and reading a key's audit trail.
import type { Db } from "../../../lib/db";
import { activateEnvironment } from "../../../lib/licenses/activate-environment";

export async function activate(db: Db, licenseId: string, domain: string) {
  const license = await db.license.findUniqueOrThrow({ where: { id: licenseId }, select: { id: true, activationsUsed: true } });
  return activateEnvironment(db, license, {
    environment: { kind: "domain", value: domain },
    rawValue: domain,
    ip: "203.0.113.7",
    userAgent: "WordPress/6.8",
    local: false,
    now: new Date(),
  });
}

export function auditActions(db: Db, licenseId: string) {
  return db.auditEvent
    .findMany({ where: { subject: `license:${licenseId}` }, orderBy: [{ at: "asc" }, { id: "asc" }] })
    .then((events) => events.map((event) => ({ action: event.action, actor: event.actor, details: event.details ? (JSON.parse(event.details) as unknown) : null })));
}
