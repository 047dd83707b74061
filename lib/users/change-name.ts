import type { Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";

/** Account → Settings: the signed-in user's display name (already trimmed and 1–100 characters). */
export async function changeName(db: Db, input: { userId: string; name: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: input.userId }, data: { name: input.name } });
    if (count !== 1) return false;
    await recordAuditEvent(tx, { actor: input.userId, action: "user.name_changed", subject: `user:${input.userId}` });
    return true;
  });
}
