// Times the pages an owner and a customer open, as each signed-in user sees them through the real
// server: Admin → Licenses (first page, and a search by a customer's email), the Admin overview,
// and the customer's Account → Licenses.

type Cookies = Map<string, string>;

function remember(cookies: Cookies, response: Response) {
  for (const header of response.headers.getSetCookie()) {
    const [pair = ""] = header.split(";");
    const index = pair.indexOf("=");
    cookies.set(pair.slice(0, index), pair.slice(index + 1));
  }
}

const cookieHeader = (cookies: Cookies) => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through next-auth's credentials endpoint, as the browser form does. */
async function signIn(base: string, account: { email: string; password: string }): Promise<Cookies> {
  const cookies: Cookies = new Map();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  remember(cookies, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(cookies) },
    body: new URLSearchParams({ csrfToken, ...account, json: "true" }),
  });
  remember(cookies, response);
  if (![...cookies.keys()].some((name) => name.includes("session-token"))) throw new Error(`bench: sign-in as ${account.email} failed`);
  return cookies;
}

export type PageTiming = { medianMs: number; maxMs: number; samples: number };

const WARM_UP = 3;
const SAMPLES = 10;

/** The median of SAMPLES requests one after another, after WARM_UP requests that warm caches up. */
async function timePage(url: string, cookies: Cookies, shows: { text: string; times: number }): Promise<PageTiming> {
  const samples: number[] = [];
  for (let i = 0; i < WARM_UP + SAMPLES; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie: cookieHeader(cookies) }, redirect: "manual" });
    const html = await response.text();
    if (response.status !== 200) throw new Error(`bench: ${url} answered ${response.status}`);
    // A page that rendered an error boundary or an empty list is not the page being timed.
    if (html.split(shows.text).length - 1 < shows.times) throw new Error(`bench: ${url} does not show ${JSON.stringify(shows.text)} ${shows.times} times`);
    if (i >= WARM_UP) samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)] ?? 0, maxMs: samples.at(-1) ?? 0, samples: samples.length };
}

export type PageTimings = {
  licenses: PageTiming;
  search: PageTiming;
  overview: PageTiming;
  account: PageTiming;
};

/** Targets at a million keys (issue 15), in ms. */
export const PAGE_TARGETS_MS: Record<keyof PageTimings, number> = { licenses: 200, search: 200, overview: 500, account: 100 };

export const PAGE_LABELS: Record<keyof PageTimings, string> = {
  licenses: "Admin → Licenses, first page",
  search: "Admin → Licenses, search by a customer's email",
  overview: "Admin overview (/admin)",
  account: "Account → Licenses (a customer with 20 keys)",
};

export async function timePages(
  base: string,
  users: { admin: { email: string; password: string }; customer: { email: string; password: string } },
  searchEmail: string,
): Promise<PageTimings> {
  const admin = await signIn(base, users.admin);
  const customer = await signIn(base, users.customer);
  return {
    licenses: await timePage(`${base}/admin/licenses`, admin, { text: "CP-", times: 50 }),
    // The search box repeats the email once; the rows are the rest.
    search: await timePage(`${base}/admin/licenses?q=${encodeURIComponent(searchEmail)}`, admin, { text: searchEmail, times: 2 }),
    overview: await timePage(`${base}/admin`, admin, { text: "Licenses by status", times: 1 }),
    account: await timePage(`${base}/account/licenses`, customer, { text: "CP-", times: 20 }),
  };
}
