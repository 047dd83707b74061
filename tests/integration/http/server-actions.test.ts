// Server actions are public POST endpoints. Every action of the build (read from its manifest, so a
// new one is walked without being listed) is called as an anonymous visitor and as a customer with
// an empty form: each must check who is asking before it reads its input, answer without an
// error, and change nothing. An action that validated first would answer "Please correct the
// highlighted fields" to anyone; one that parsed first would throw.
import { beforeAll, expect, it } from "vitest";
import { serverActions, type ServerAction } from "../../helpers/app-routes";
import { createAccount, signInOverHttp } from "../../helpers/sessions";
import { storeServerForFile } from "../../helpers/store-server";

const store = storeServerForFile();

/** Actions anyone may call, and why. */
const PUBLIC_ACTIONS: Record<string, string> = {
  signUp: "a visitor creates an account",
  requestPasswordResetAction: "a visitor who forgot the password asks for a link",
  resetPasswordAction: "the reset link's token is the proof",
  confirmEmailAction: "the confirmation link's token is the proof",
};
/** Actions with no form at all: an empty call is their whole input (tested on their own). */
const NO_INPUT_ACTIONS: Record<string, string> = {
  signOutOwnSessionsEverywhere: "ends every session of the signed-in user",
  resendOwnVerificationEmail: "mails the signed-in user a new confirmation link",
  beginOwnTwoFactor: "starts (or starts over) the signed-in user's two-factor set-up",
};
const isAdminAction = (action: ServerAction) => action.pages.every((page) => page.startsWith("/admin"));

let customerCookie = "";
beforeAll(async () => {
  const customer = await createAccount(store.db(), "CUSTOMER");
  customerCookie = await signInOverHttp(store.server().url, customer);
});

type ActionAnswer = { status: number; redirect: string | null; body: string };

/**
 * Calls an action the way the browser's form does (React's reply encoding: the arguments as JSON,
 * `$K1` standing for the form's fields), with no fields: `(state, formData)` gets `{}` and an
 * empty form; a `(formData)` action gets `{}`, which it may only touch after the auth check.
 */
async function callAction(action: ServerAction, cookie?: string): Promise<ActionAnswer> {
  const form = new FormData();
  form.append("0", JSON.stringify([{}, "$K1"]));
  const page = action.pages[0] ?? "/";
  const response = await fetch(store.server().url + page, {
    method: "POST",
    redirect: "manual",
    headers: { "Next-Action": action.id, Accept: "text/x-component", ...(cookie ? { Cookie: cookie } : {}) },
    body: form,
  });
  return { status: response.status, redirect: response.headers.get("x-action-redirect"), body: await response.text() };
}

/**
 * An error thrown inside an action reaches the client as a numeric digest line of the RSC payload
 * (notFound() and redirect() have named digests: they are answers, not crashes).
 */
const threw = (answer: ActionAnswer) => answer.status >= 500 || /^\d+:E\{"digest":"\d+"/m.test(answer.body);

async function rowCounts() {
  const db = store.db();
  const [users, orders, licenses, activations, apiKeys, products, audit] = await Promise.all([
    db.user.count(), db.order.count(), db.license.count(), db.activation.count(), db.apiKey.count(), db.product.count(), db.auditEvent.count(),
  ]);
  return { users, orders, licenses, activations, apiKeys, products, audit };
}

it("finds the app's server actions in the build", () => {
  const names = serverActions(store.server().distDir).map((action) => action.name);
  expect(names).toEqual(expect.arrayContaining(["revokeLicenseAction", "markOrderReviewedAction", "payDemo", "deactivateOwnActivation", "signUp"]));
});

it("sends an anonymous caller of every non-public action to sign in, before reading the form", async () => {
  const before = await rowCounts();
  const wrong: string[] = [];
  for (const action of serverActions(store.server().distDir)) {
    if (action.name in PUBLIC_ACTIONS) continue;
    const answer = await callAction(action);
    if (!answer.redirect?.startsWith("/sign-in?") || threw(answer)) wrong.push(`${action.name}: ${answer.status} ${answer.redirect} ${answer.body.slice(0, 160)}`);
  }
  expect(wrong).toEqual([]);
  expect(await rowCounts()).toEqual(before);
});

it("refuses a customer every admin action with 403, before reading the form", async () => {
  const before = await rowCounts();
  const wrong: string[] = [];
  for (const action of serverActions(store.server().distDir).filter(isAdminAction)) {
    const answer = await callAction(action, customerCookie);
    if (answer.status !== 403 || answer.body.includes("fieldErrors")) wrong.push(`${action.name}: ${answer.status} ${answer.body.slice(0, 160)}`);
  }
  expect(wrong).toEqual([]);
  expect(await rowCounts()).toEqual(before);
});

it("answers a customer's empty form on every customer action without an error, changing nothing", async () => {
  const before = await rowCounts();
  const wrong: string[] = [];
  const customerActions = serverActions(store.server().distDir).filter(
    (a) => !isAdminAction(a) && !(a.name in PUBLIC_ACTIONS) && !(a.name in NO_INPUT_ACTIONS),
  );
  for (const action of customerActions) {
    const answer = await callAction(action, customerCookie);
    if (threw(answer)) wrong.push(`${action.name}: ${answer.status} ${answer.body.slice(0, 160)}`);
  }
  expect(wrong).toEqual([]);
  expect(await rowCounts()).toEqual(before);
});

it("answers the public actions' empty forms with form errors, not a crash", async () => {
  for (const action of serverActions(store.server().distDir).filter((a) => a.name in PUBLIC_ACTIONS)) {
    const answer = await callAction(action);
    expect(threw(answer), `${action.name}: ${answer.body.slice(0, 200)}`).toBe(false);
    expect(answer.body).toContain("fieldErrors");
  }
});
