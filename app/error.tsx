"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-md space-y-4 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-slate-600">
        The error was logged{error.digest ? ` (reference ${error.digest})` : ""}. Please try again.
      </p>
      <button type="button" onClick={reset} className="rounded-md bg-indigo-600 px-4 py-2 text-sm text-white">
        Try again
      </button>
    </div>
  );
}
