// GET, POST /api/auth/*: next-auth's sign-in, sign-out, session and CSRF endpoints.
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  return NextAuth(request as never, { params: await context.params } as never, getAuthOptions());
}

export { handler as GET, handler as POST };
