import { Prisma, type ApiKey, type Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import type { CreateApiKeyInput } from "./schemas";
import { apiKeyDisplayPrefix, generateApiKeySecret, hashApiKeySecret } from "./secret";

export type CreatedApiKey = { apiKey: ApiKey; secret: string };

/**
 * Creates a key and returns its secret: the only moment the secret exists outside the caller's
 * hands, since only its hash is stored. A clash of the 12-character display prefix (45 random
 * bits) is retried with a fresh secret. The audit entry names the key by prefix, never by secret.
 */
export async function createApiKey(
  db: Db,
  input: CreateApiKeyInput & { createdBy: string },
): Promise<CreatedApiKey> {
  for (let attempt = 1; ; attempt++) {
    const secret = generateApiKeySecret();
    try {
      const apiKey = await db.$transaction(async (tx) => {
        const created = await tx.apiKey.create({
          data: {
            name: input.name,
            scope: input.scope,
            prefix: apiKeyDisplayPrefix(secret),
            hash: hashApiKeySecret(secret),
            createdBy: input.createdBy,
          },
        });
        await recordAuditEvent(tx, {
          actor: input.createdBy,
          action: "api_key.created",
          subject: `api_key:${created.id}`,
          details: { name: created.name, scope: created.scope, prefix: created.prefix },
        });
        return created;
      });
      return { apiKey, secret };
    } catch (error) {
      const collided = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!collided || attempt >= 3) throw error;
    }
  }
}
