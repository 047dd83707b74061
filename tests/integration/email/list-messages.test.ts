// Admin → Emails' list: newest first, keyset pages both ways, filters by status and recipient,
// and a cursor it did not hand out is refused (the page then shows the first page).
import { expect, it } from "vitest";
import { InvalidEmailCursorError, listEmailMessages } from "../../../lib/email/list-messages";
import { queueEmail } from "../../../lib/email/outbox";
import { unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

describeEachDatabase("listEmailMessages", (getDb) => {
  it("pages newest first both ways and filters", async () => {
    const db = getDb();
    const tag = unique();
    const base = Date.UTC(2030, 0, 1);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const to = `${i % 2 ? "odd" : "even"}-${tag}@example.com`;
      ids.push(await queueEmail(db, { to, content: { kind: "account_exists" } }, new Date(base + i * 1000)));
    }
    await db.emailMessage.updateMany({ where: { id: ids[4] }, data: { status: "failed" } });
    for (const [i, id] of ids.entries()) await db.emailMessage.update({ where: { id }, data: { createdAt: new Date(base + i * 1000) } });

    const newest = [...ids].reverse();
    const first = await listEmailMessages(db, { recipient: tag, perPage: 2 });
    expect(first.items.map((m) => m.id)).toEqual(newest.slice(0, 2));
    expect(first.prevCursor).toBeNull();
    const second = await listEmailMessages(db, { recipient: tag, perPage: 2, cursor: first.nextCursor });
    expect(second.items.map((m) => m.id)).toEqual(newest.slice(2, 4));
    const third = await listEmailMessages(db, { recipient: tag, perPage: 2, cursor: second.nextCursor });
    expect(third.items.map((m) => m.id)).toEqual(newest.slice(4));
    expect(third.nextCursor).toBeNull();
    const back = await listEmailMessages(db, { recipient: tag, perPage: 2, cursor: third.prevCursor });
    expect(back.items.map((m) => m.id)).toEqual(newest.slice(2, 4));

    const odd = await listEmailMessages(db, { recipient: `ODD-${tag}`, perPage: 10 });
    expect(odd.items.map((m) => m.id)).toEqual([ids[3], ids[1]]);
    const failed = await listEmailMessages(db, { recipient: tag, status: "failed", perPage: 10 });
    expect(failed.items.map((m) => m.id)).toEqual([ids[4]]);
    expect(first.items[0]).not.toHaveProperty("html");
  });

  it("refuses a cursor it did not hand out", async () => {
    await expect(listEmailMessages(getDb(), { cursor: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidEmailCursorError);
  });
});
