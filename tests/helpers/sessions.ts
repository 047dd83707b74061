// Signed-in sessions for HTTP tests, made the way a browser makes them: next-auth's CSRF token,
// then the credentials callback, keeping the cookies it sets.
import type { Db } from "../../lib/db";
import { createUser } from "../../lib/users/create-user";
import { unique } from "./factories";

export type TestAccount = { id: string; email: string; password: string; role: "CUSTOMER" | "ADMIN" };

/** An account with a verified address (pass `verified: false` for a fresh self-service sign-up's state). */
export async function createAccount(db: Db, role: "CUSTOMER" | "ADMIN", { verified = true } = {}): Promise<TestAccount> {
  const email = `${role.toLowerCase()}-${unique()}@example.org`;
  const password = `pass-${unique()}`;
  const user = await createUser(db, { email, password, name: `Test ${role}`, role, emailVerifiedAt: verified ? new Date() : null });
  return { id: user.id, email, password, role };
}

/** `name=value` pairs of a response's Set-Cookie headers. */
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

/** Signs in over HTTP; returns the Cookie header that carries the session. */
export async function signInOverHttp(baseUrl: string, account: { email: string; password: string }): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ email: account.email, password: account.password, csrfToken, json: "true" }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`signing in ${account.email} failed: ${response.status} ${await response.text()}`);
  return session;
}
