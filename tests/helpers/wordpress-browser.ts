// A signed-in WordPress admin over plain HTTP: a hand-made cookie jar (fetch keeps none), redirects
// followed by hand so every Set-Cookie along the way is kept, and form submission that carries a
// page's hidden inputs (nonces, _wp_http_referer) the way a browser would.
import { parseForms, type FormField } from "./html-forms";

export type BrowserResponse = { status: number; url: string; body: string };

export type AdminBrowser = {
  /** GET, following redirects and keeping cookies. */
  get(path: string): Promise<BrowserResponse>;
  /** POST an urlencoded form, following redirects (302/303 become GET) and keeping cookies. */
  post(path: string, form: Record<string, string>): Promise<BrowserResponse>;
  /**
   * Submits the first <form> on the page at `path` that has a field named `containing` (or whose
   * action contains it), keeping its fields as the page filled them and overriding with `values`.
   * `submit` names the button pressed (its value read from the page when not given); without it
   * the form's first named submit button is sent, as pressing Enter would.
   */
  submitForm(
    path: string,
    options: { containing: string; values?: Record<string, string>; submit?: { name: string; value?: string } },
  ): Promise<BrowserResponse>;
};

type Cookie = { name: string; value: string; path: string };
const MAX_REDIRECTS = 10;

/** Cookies for one site (one host), matched by path; expired ones are dropped as they arrive. */
class CookieJar {
  private cookies = new Map<string, Cookie>();

  store(requestUrl: URL, setCookies: string[]) {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const equals = pair.indexOf("=");
      if (equals <= 0) continue;
      const cookie = { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim(), path: defaultPath(requestUrl) };
      let expired = false;
      for (const attribute of attributes) {
        const [key = "", ...rest] = attribute.split("=");
        const value = rest.join("=").trim();
        const name = key.trim().toLowerCase();
        if (name === "path" && value.startsWith("/")) cookie.path = value;
        if (name === "max-age" && Number(value) <= 0) expired = true;
        if (name === "expires" && Date.parse(value) <= Date.now()) expired = true;
      }
      const key = `${cookie.name}\n${cookie.path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter((cookie) => pathMatches(url.pathname, cookie.path))
      .sort((a, b) => b.path.length - a.path.length) // longer paths first, as browsers send them
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join("; ");
  }

  has(prefix: string): boolean {
    return [...this.cookies.values()].some((cookie) => cookie.name.startsWith(prefix));
  }
}

function defaultPath(url: URL): string {
  const slash = url.pathname.lastIndexOf("/");
  return slash <= 0 ? "/" : url.pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/** One request and its redirects, with the jar's cookies sent and every answer's cookies kept. */
async function browse(jar: CookieJar, start: URL, init: { method: string; body?: URLSearchParams }): Promise<BrowserResponse> {
  let url = start;
  let { method, body } = init;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = {};
    const cookie = jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (body) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(url, { method, headers, body, redirect: "manual" });
    jar.store(url, response.headers.getSetCookie());
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer(); // drain, so the connection is reused
      url = new URL(location, url);
      if (response.status !== 307 && response.status !== 308) {
        method = "GET";
        body = undefined;
      }
      continue;
    }
    return { status: response.status, url: url.toString(), body: await response.text() };
  }
  throw new Error(`More than ${MAX_REDIRECTS} redirects from ${start.toString()}`);
}

function pairs(fields: FormField[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of fields) params.append(field.name, field.value);
  return params;
}

/** Signs in through wp-login.php as a person would: the test cookie first, then the form. */
export async function signInAdmin(siteUrl: string, user: string, password: string): Promise<AdminBrowser> {
  const jar = new CookieJar();
  const at = (path: string) => new URL(path, siteUrl);
  const loginUrl = at("/wp-login.php");

  await browse(jar, loginUrl, { method: "GET" }); // sets wordpress_test_cookie
  const form = new URLSearchParams({
    log: user,
    pwd: password,
    "wp-submit": "Log In",
    redirect_to: at("/wp-admin/").toString(),
    testcookie: "1",
  });
  const signedIn = await browse(jar, loginUrl, { method: "POST", body: form });
  const looksLikeDashboard = signedIn.body.includes("wp-admin-bar") || signedIn.body.includes("Dashboard");
  if (signedIn.status !== 200 || !jar.has("wordpress_logged_in_") || !looksLikeDashboard) {
    throw new Error(
      `Admin sign-in failed: ${signedIn.status} at ${signedIn.url}\n${signedIn.body.replace(/\s+/g, " ").slice(0, 1500)}`,
    );
  }

  const browser: AdminBrowser = {
    get: (path) => browse(jar, at(path), { method: "GET" }),
    post: (path, fields) => browse(jar, at(path), { method: "POST", body: new URLSearchParams(fields) }),
    async submitForm(path, { containing, values = {}, submit }) {
      const page = await browser.get(path);
      const form = parseForms(page.body, page.url).find(
        (candidate) => candidate.names.has(containing) || candidate.action.includes(containing),
      );
      if (!form) throw new Error(`No form with a field or action "${containing}" on ${page.url} (status ${page.status})`);

      let fields = form.fields;
      for (const [name, value] of Object.entries(values)) {
        const index = fields.findIndex((field) => field.name === name);
        fields = fields.filter((field) => field.name !== name);
        fields.splice(index < 0 ? fields.length : index, 0, { name, value });
      }
      const button = submit
        ? { name: submit.name, value: submit.value ?? form.submits.find((s) => s.name === submit.name)?.value ?? "" }
        : form.submits[0];
      if (button) fields = [...fields, button];

      const target = new URL(form.action);
      if (form.method === "get") {
        target.search = pairs(fields).toString();
        return browse(jar, target, { method: "GET" });
      }
      return browse(jar, target, { method: "POST", body: pairs(fields) });
    },
  };
  return browser;
}
