import { getEnv } from "@/lib/env";

export function SiteFooter() {
  const { isDemo } = getEnv();
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto max-w-6xl px-4 py-4 text-xs text-slate-500 sm:px-6">
        CP Store: self-hosted software licenses.
        {isDemo && <span> This is a demo store with sample data.</span>}
      </div>
    </footer>
  );
}
