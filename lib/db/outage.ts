// The process's memory of a database outage, for the front door's outage page. Whatever answers a
// request 503 because the database is away (the lean license path, route handlers, the server API,
// the health checks) or sees a page fail for that reason notes it here. While it is noted, the
// front door answers a browser's page request with a real 503 "Back in a moment" page of its own,
// instead of letting Next.js send a 500 shell that only JavaScript turns into a message. Before
// each such answer one quick probe (at most one a second, shared by the requests that arrive
// meanwhile) confirms the database is still away; the first probe that finds it back clears the
// note. One state per process under a global symbol: the Next.js bundle has its own copy of this
// module, and server/main.ts reads what the bundle's copy wrote.

const STATE = Symbol.for("cp-store.database-outage");

type OutageState = { noted: boolean; confirmedAt: number; probe: Promise<boolean> | null };

/** A probe's answer stands for this long: an outage under load costs one probe a second. */
export const OUTAGE_PROBE_EVERY_MS = 1000;

/** A probe that has not answered by then counts as "away" (a frozen database never answers). */
export const OUTAGE_PROBE_TIMEOUT_MS = 1500;

function state(): OutageState {
  const holder = globalThis as { [STATE]?: OutageState };
  return (holder[STATE] ??= { noted: false, confirmedAt: 0, probe: null });
}

/** A request was just answered (or failed) because the database is unavailable. */
export function noteDatabaseOutage(): void {
  state().noted = true;
}

/** Whether an outage was noted and no probe has found the database back since. */
export const databaseOutageNoted = (): boolean => state().noted;

/**
 * Whether the noted outage still holds. False at once when none is noted. True without asking when
 * a probe found the database away less than a second ago. Otherwise runs `probe` (true: the
 * database answered), or joins the one running, and clears the note when the database answered.
 */
export async function databaseStillAway(probe: () => Promise<boolean>, now: () => number = Date.now): Promise<boolean> {
  const current = state();
  if (!current.noted) return false;
  if (now() - current.confirmedAt < OUTAGE_PROBE_EVERY_MS) return true;
  current.probe ??= answeredWithin(probe, OUTAGE_PROBE_TIMEOUT_MS)
    .then((answered) => {
      if (answered) current.noted = false;
      else current.confirmedAt = now();
      return !answered;
    })
    .finally(() => {
      current.probe = null;
    });
  return current.probe;
}

/** The probe's answer, or false when it throws or takes longer than `ms`. */
async function answeredWithin(probe: () => Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([probe().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Forgets any noted outage (tests). */
export function resetDatabaseOutageForTests(): void {
  const current = state();
  current.noted = false;
  current.confirmedAt = 0;
  current.probe = null;
}
