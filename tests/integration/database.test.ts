// Smoke test of the database layer on every engine the store runs on: the same client code,
// the same constraints and the same transaction semantics on SQLite and PostgreSQL.
import { expect, it } from "vitest";
import { Prisma } from "../../lib/db";
import { describeEachDatabase } from "../helpers/test-databases";

describeEachDatabase("database", (getDb) => {
  it("creates and reads back a user", async () => {
    const user = await getDb().user.create({ data: { email: "ada@example.com", name: "Ada" } });
    const found = await getDb().user.findUnique({ where: { email: "ada@example.com" } });
    expect(found).toMatchObject({ id: user.id, name: "Ada", role: "CUSTOMER" });
  });

  it("rejects a duplicate email with P2002", async () => {
    await getDb().user.create({ data: { email: "twice@example.com" } });
    const duplicate = getDb().user.create({ data: { email: "twice@example.com" } });
    await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(duplicate).rejects.toMatchObject({ code: "P2002" });
  });

  it("writes nothing when a transaction throws", async () => {
    const failing = getDb().$transaction(async (tx) => {
      await tx.user.create({ data: { email: "rolled-back@example.com" } });
      throw new Error("abort");
    });
    await expect(failing).rejects.toThrow("abort");
    expect(await getDb().user.count({ where: { email: "rolled-back@example.com" } })).toBe(0);
  });
});
