import type { z } from "zod";
import type { DbClient, Prisma } from "../../db";
import type { ActivationListQuery, activationListResponseSchema } from "../activations/schemas";
import { serializeActivation } from "../activations/serialize-activation";
import { decodeCursor, keysetPage } from "../pagination";
import { getLicenseRowOrThrow } from "./get-license";

const CURSOR_TAG = "activations";

/**
 * A key's activations, newest first, freed ones included (they stay for the audit trail), by
 * keyset pagination on (firstSeenAt, id) with opaque cursors both ways.
 */
export async function getLicenseActivations(
  db: DbClient,
  rawKey: string,
  query: ActivationListQuery,
): Promise<z.infer<typeof activationListResponseSchema>> {
  const cursor = query.cursor ? decodeCursor(CURSOR_TAG, query.cursor) : null;
  const license = await getLicenseRowOrThrow(db, rawKey);
  const where: Prisma.ActivationWhereInput = { licenseId: license.id };
  if (cursor) {
    const op = cursor.dir === "next" ? "lt" : "gt";
    where.OR = [{ firstSeenAt: { [op]: cursor.at } }, { firstSeenAt: cursor.at, id: { [op]: cursor.id } }];
  }
  const order = cursor?.dir === "prev" ? "asc" : "desc";
  const rows = await db.activation.findMany({
    where,
    orderBy: [{ firstSeenAt: order }, { id: order }],
    take: query.per_page + 1,
  });
  const page = keysetPage(rows, {
    tag: CURSOR_TAG,
    perPage: query.per_page,
    cursor,
    position: (row) => ({ at: row.firstSeenAt, id: row.id }),
  });
  return { data: page.items.map(serializeActivation), pagination: page.pagination };
}
