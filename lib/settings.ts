import { randomBytes } from "node:crypto";
import { Prisma, type DbClient } from "./db";

/**
 * Returns the stored value for `key`, creating it with `create()` the first time. Concurrent
 * first calls (several instances starting at once) agree: the insert races on the primary key
 * and every caller returns the row that won.
 */
export async function getOrCreateSetting(db: DbClient, key: string, create: () => string): Promise<string> {
  const existing = await db.setting.findUnique({ where: { key } });
  if (existing) return existing.value;
  try {
    return (await db.setting.create({ data: { key, value: create() } })).value;
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    return (await db.setting.findUniqueOrThrow({ where: { key } })).value;
  }
}

export const randomSecret = () => randomBytes(32).toString("base64url");
