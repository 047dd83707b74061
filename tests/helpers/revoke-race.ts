// A revocation held open mid-transaction, so a test can send a deactivation exactly while the
// revoke is written but not yet committed: the race that must never leave a revoked key with a
// slot freed after its revocation.
import { expect } from "vitest";
import type { Db, DatabaseProvider } from "../../lib/db";
import { revokeLicense } from "../../lib/licenses/revoke-license";

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * Until another session of this database waits on a lock (PostgreSQL), or a moment (SQLite, where
 * a waiting writer cannot be observed from here). Gives up after 5 s: the test then still runs.
 */
async function untilSomeoneWaits(db: Db, provider: DatabaseProvider) {
  if (provider === "sqlite") return settle(300);
  for (let waited = 0; waited < 5000; waited += 25) {
    const [row] = await db.$queryRaw<{ waiting: bigint | number }[]>`
      SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (Number(row?.waiting ?? 0) > 0) return;
    await settle(25);
  }
}

/**
 * Revokes `licenseId` in a transaction that stays open while `deactivate` starts and reaches the
 * database, then commits; resolves with what `deactivate` answered.
 */
export async function deactivateDuringRevoke<T>(
  db: Db,
  provider: DatabaseProvider,
  licenseId: string,
  deactivate: () => Promise<T>,
): Promise<T> {
  const written = gate();
  const hold = gate();
  const revocation = db.$transaction(
    async (tx) => {
      const result = await revokeLicense(db, { licenseId, reason: "race", actor: "admin-race" }, tx);
      written.open();
      await hold.opened;
      return result;
    },
    { timeout: 15_000 },
  );
  await written.opened;
  const deactivation = deactivate();
  await untilSomeoneWaits(db, provider);
  hold.open();
  expect((await revocation).outcome).toBe("revoked");
  return deactivation;
}
