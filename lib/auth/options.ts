// next-auth configuration: email + password, JWT sessions carrying the user's id, role and session
// version (checked against the database on every request by lib/auth/session.ts).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { getEnv } from "../env";
import { clientIpFromHeaders } from "../http/client-ip";
import { sameOriginRedirect } from "../http/safe-redirect";
import { authenticate, type AuthorizedUser } from "./authenticate";
import { DEVICE_COOKIE_NAME, DEVICE_TOKEN_MAX_AGE_SECONDS } from "./device-token";
import { SIGN_IN_ERRORS } from "./sign-in-errors";

/** Thrown to the sign-in form; next-auth passes the message through as `error`. */
export { SIGN_IN_ERRORS };

export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          // Only for an account with two-factor on: an app code or a recovery code.
          code: { label: "Authentication code", type: "text" },
        },
        async authorize(credentials, request) {
          // Runs inside the POST /api/auth/callback/credentials route handler, so the device
          // cookie can be read from and written to that request's cookie jar.
          const jar = await cookies();
          const result = await authenticate(credentials, {
            clientIp: clientIpFromHeaders(request?.headers),
            deviceToken: jar.get(DEVICE_COOKIE_NAME)?.value,
          });
          if (!result.ok) throw new Error(SIGN_IN_ERRORS[result.reason]);
          if (result.deviceToken) {
            jar.set(DEVICE_COOKIE_NAME, result.deviceToken, {
              httpOnly: true,
              sameSite: "lax",
              secure: env.publicUrl.startsWith("https://"),
              // Only the sign-in endpoint ever needs it.
              path: "/api/auth/callback",
              maxAge: DEVICE_TOKEN_MAX_AGE_SECONDS,
            });
          }
          return result.user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as AuthorizedUser;
          token.sub = signedIn.id;
          token.role = signedIn.role;
          token.sessionVersion = signedIn.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) {
          session.user.id = token.sub ?? "";
          session.user.role = token.role === "ADMIN" ? "ADMIN" : "CUSTOMER";
          session.user.sessionVersion = token.sessionVersion;
        }
        return session;
      },
      // Sign-in and sign-out redirects stay on the store, whatever callbackUrl a link carried.
      redirect({ url, baseUrl }) {
        return sameOriginRedirect(url, baseUrl);
      },
    },
  };
}
