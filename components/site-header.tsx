import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/session";
import { SignOutButton } from "./auth/sign-out-button";

export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight text-indigo-700">
          CP Store
        </Link>
        <div className="flex flex-1 flex-wrap items-center justify-end gap-x-4 gap-y-2 text-sm">
          <Link href="/" className="hover:text-indigo-700">Products</Link>
          {user ? (
            <>
              <Link href="/account" className="hover:text-indigo-700">Account</Link>
              {user.role === "ADMIN" && <Link href="/admin" className="hover:text-indigo-700">Admin</Link>}
              <span className="max-w-[14rem] truncate text-slate-500" title={user.email}>{user.email}</span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className="hover:text-indigo-700">Sign in</Link>
              <Link href="/sign-up" className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">
                Sign up
              </Link>
            </>
          )}
        </div>
      </nav>
    </header>
  );
}
