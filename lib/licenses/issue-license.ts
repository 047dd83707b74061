import { Prisma, type DbClient, type License } from "../db";
import { recordAuditEvent } from "./audit";
import { generateLicenseKey } from "./key";

const DAY_MS = 24 * 60 * 60 * 1000;

export type IssueLicenseInput = {
  userId: string;
  product: { id: string; name: string; maxActivations: number; validityDays: number | null };
  orderItemId?: string | null;
  /** Overrides the product's default; 0 = unlimited. */
  maxActivations?: number;
  /** Overrides the product's validity; null = lifetime. */
  expiresAt?: Date | null;
  actor: string;
  now?: Date;
};

/**
 * Issues one key: the product's limits and validity are copied onto it and its name is kept as a
 * snapshot, so later product edits never change a key already sold. A key collision (2^-120 per
 * pair) is retried with a fresh key rather than failing the purchase.
 */
export async function issueLicense(db: DbClient, input: IssueLicenseInput): Promise<License> {
  const now = input.now ?? new Date();
  const expiresAt =
    input.expiresAt !== undefined
      ? input.expiresAt
      : input.product.validityDays === null
        ? null
        : new Date(now.getTime() + input.product.validityDays * DAY_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      const license = await db.license.create({
        data: {
          key: generateLicenseKey(),
          userId: input.userId,
          productId: input.product.id,
          productName: input.product.name,
          orderItemId: input.orderItemId ?? null,
          maxActivations: input.maxActivations ?? input.product.maxActivations,
          expiresAt,
        },
      });
      await recordAuditEvent(db, {
        actor: input.actor,
        action: "license.issued",
        subject: `license:${license.id}`,
        details: { productId: input.product.id, maxActivations: license.maxActivations, expiresAt },
      });
      return license;
    } catch (error) {
      const collided = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!collided || attempt >= 3) throw error;
    }
  }
}
