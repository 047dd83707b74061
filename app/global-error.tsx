"use client";
// What the browser shows when even the root layout failed (its header reads the session, its
// banner the database): the same message as app/error.tsx in a page of its own, since the layout
// that would frame it is what failed.
import ErrorPage from "./error";
import "./globals.css";

export default function GlobalError(props: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <html lang="en">
      <head>
        <title>Temporarily unavailable · CP Store</title>
      </head>
      <body className="flex min-h-screen flex-col bg-slate-50 font-sans text-slate-900 antialiased">
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-16 sm:px-6">
          <ErrorPage {...props} />
        </main>
      </body>
    </html>
  );
}
