// GET, POST /api/auth/*: next-auth's sign-in, sign-out, session and CSRF endpoints.
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { ApiError } from "@/lib/http/api-error";
import { readBodyWithin } from "@/lib/http/read-body";
import { jsonError, routeMethods } from "@/lib/http/route-methods";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's forms are an email, a password, a CSRF token and a callback URL: a few hundred bytes.
const MAX_BODY_BYTES = 16 * 1024;

function nextAuth(request: NextRequest, params: { nextauth: string[] }) {
  return NextAuth(request as never, { params } as never, getAuthOptions());
}

async function handleGet(request: NextRequest, context: Context) {
  return nextAuth(request, await context.params);
}

// next-auth would read the body itself, with no bound: read it here within the limit and hand
// next-auth a copy of the request carrying exactly those bytes. It only takes forms; anything else
// gets our error vocabulary rather than its plain-text 400.
async function handlePost(request: NextRequest, context: Context) {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    return jsonError(new ApiError(400, "UNSUPPORTED_CONTENT_TYPE", "Send the form as application/x-www-form-urlencoded"));
  }
  let body: Uint8Array;
  try {
    body = await readBodyWithin(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof ApiError) return jsonError(error);
    throw error;
  }
  // (A copy typed as an ArrayBuffer view, which is what BodyInit accepts; at most 16 KiB.)
  const bounded = new NextRequest(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(body) });
  return nextAuth(bounded, await context.params);
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods<Context>({
  GET: (request, context) => handleGet(request as NextRequest, context),
  POST: (request, context) => handlePost(request as NextRequest, context),
});
