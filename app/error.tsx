"use client";
// What a page shows when rendering it failed. In production Next.js passes the browser only a
// digest of a server error, never its message, so the page cannot tell from the error whether the
// store's database is away or something else broke: it asks /api/health, which answers 503 while
// the database does not. An outage is the store's usual state for a few seconds (a restart, a
// failover), so it says so and offers to try again; anything else keeps its reference for the logs.
import { useEffect, useState } from "react";

type Cause = "checking" | "outage" | "fault";

export default function ErrorPage({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  const [cause, setCause] = useState<Cause>("checking");
  useEffect(() => {
    let current = true;
    fetch("/api/health", { cache: "no-store" })
      .then((response) => current && setCause(response.status === 503 ? "outage" : "fault"))
      .catch(() => current && setCause("outage")); // the server itself did not answer
    return () => {
      current = false;
    };
  }, [error]);

  return (
    <div role="alert" className="mx-auto max-w-md space-y-4 text-center">
      {cause === "fault" ? (
        <>
          <h1 className="text-2xl font-semibold">Something went wrong</h1>
          <p className="text-slate-600">
            The error was logged{error.digest ? ` (reference ${error.digest})` : ""}. Please try again.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold">Back in a moment</h1>
          <p className="text-slate-600">The store is temporarily unavailable, try again in a moment.</p>
        </>
      )}
      <button type="button" onClick={retry} className="rounded-md bg-indigo-600 px-4 py-2 text-sm text-white">
        Try again
      </button>
    </div>
  );
}
