// Times the admin licenses page (first page, and a search) as the signed-in admin sees it.

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
  if (![...cookies.keys()].some((name) => name.includes("session-token"))) throw new Error("bench: admin sign-in failed");
  return cookies;
}

async function timePage(url: string, cookies: Cookies) {
  const samples: number[] = [];
  for (let i = 0; i < 13; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie: cookieHeader(cookies) }, redirect: "manual" });
    await response.text();
    if (response.status !== 200) throw new Error(`bench: ${url} answered ${response.status}`);
    if (i >= 3) samples.push(performance.now() - started); // the first three warm caches up
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)] ?? 0, maxMs: samples.at(-1) ?? 0 };
}

export type AdminTiming = { firstPage: { medianMs: number; maxMs: number }; search: { medianMs: number; maxMs: number } };

export async function timeAdminPages(base: string, admin: { email: string; password: string }, searchEmail: string): Promise<AdminTiming> {
  const cookies = await signIn(base, admin);
  return {
    firstPage: await timePage(`${base}/admin/licenses`, cookies),
    search: await timePage(`${base}/admin/licenses?q=${encodeURIComponent(searchEmail)}`, cookies),
  };
}
