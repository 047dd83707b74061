import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-md space-y-4 text-center">
      <h1 className="text-2xl font-semibold">Access denied</h1>
      <p className="text-slate-600">This area is for the store&apos;s administrators. Your account does not have access.</p>
      <Link href="/account" className="text-indigo-700 underline">Go to your account</Link>
    </div>
  );
}
