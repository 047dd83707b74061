import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md space-y-4 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600">There is nothing here, or you do not have access to it.</p>
      <Link href="/" className="text-indigo-700 underline">Back to the store</Link>
    </div>
  );
}
