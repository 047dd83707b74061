// next-auth configuration: email + password, JWT sessions carrying the user's id and role.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "../env";
import { clientIpFromHeaders } from "../http/client-ip";
import { authenticate, type SessionUser } from "./authenticate";

/** Thrown to the sign-in form; next-auth passes the message through as `error`. */
export const SIGN_IN_ERRORS = {
  invalid: "Incorrect email or password",
  throttled: "Too many sign-in attempts. Try again later.",
} as const;

export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const result = await authenticate(credentials, clientIpFromHeaders(request?.headers));
          if (!result.ok) throw new Error(SIGN_IN_ERRORS[result.reason]);
          return result.user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as SessionUser;
          token.sub = signedIn.id;
          token.role = signedIn.role;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) {
          session.user.id = token.sub ?? "";
          session.user.role = token.role === "ADMIN" ? "ADMIN" : "CUSTOMER";
        }
        return session;
      },
    },
  };
}
