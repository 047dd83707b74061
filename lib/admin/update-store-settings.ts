import type { Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { setLocalEnvironmentsFree } from "../licenses/store-settings";

/** Turns "local and staging hosts take no slot" on or off, with an audit entry in the same commit. */
export async function updateLocalEnvironmentsFree(db: Db, input: { enabled: boolean; actor: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    await setLocalEnvironmentsFree(tx, input.enabled);
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "settings.local_environments_free_changed",
      subject: "settings:local_environments_free",
      details: { enabled: input.enabled },
    });
  });
}
