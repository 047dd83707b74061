"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";

/**
 * What a guarded layout shows a signed-out visitor instead of its pages. Each page's own guard
 * normally redirects first, with its exact path to come back to; this is the fallback, and it
 * keeps the path too (a layout cannot know it on the server).
 */
export function SignInRedirect() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const href = `/sign-in?callbackUrl=${encodeURIComponent(search ? `${pathname}?${search}` : pathname)}`;
  useEffect(() => router.replace(href), [router, href]);
  return (
    <p className="text-center text-slate-600">
      <Link href={href} className="text-indigo-700 underline">Sign in</Link> to continue.
    </p>
  );
}
