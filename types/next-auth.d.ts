import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user?: {
      id: string;
      role: "CUSTOMER" | "ADMIN";
      /** The user's session version when this session signed in; see lib/auth/session.ts. */
      sessionVersion?: number;
      name?: string | null;
      email?: string | null;
      image?: string | null;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: "CUSTOMER" | "ADMIN";
    sessionVersion?: number;
  }
}
