import { hashPassword } from "../auth/password";
import { Prisma, type DbClient, type User } from "../db";
import type { Role } from "./schemas";

export class EmailTakenError extends Error {
  constructor() {
    super("An account with this email already exists");
  }
}

/**
 * Creates an account with a scrypt-hashed password. The unique index on email decides races:
 * two sign-ups with one address give one account and one EmailTakenError. The password is hashed
 * before the insert, so a taken email costs the same scrypt work as a new one.
 * `emailVerifiedAt` is for accounts whose address the operator vouches for (admin:create, demo).
 */
export async function createUser(
  db: DbClient,
  input: { email: string; password: string; name?: string; role?: Role; emailVerifiedAt?: Date | null },
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: {
        email: input.email,
        name: input.name ?? null,
        passwordHash,
        role: input.role ?? "CUSTOMER",
        emailVerifiedAt: input.emailVerifiedAt ?? null,
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTakenError();
    throw error;
  }
}
