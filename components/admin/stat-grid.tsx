export type Stat = { label: string; value: React.ReactNode; hint?: React.ReactNode };

/** Headline numbers as a definition list of cards. */
export function StatGrid({ stats, label }: { stats: readonly Stat[]; label: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
      {stats.map((stat) => (
        <div key={stat.label} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <dt className="text-sm text-slate-500">{stat.label}</dt>
          <dd className="mt-1 text-2xl font-semibold break-words">{stat.value}</dd>
          {stat.hint && <dd className="mt-1 text-xs text-slate-500">{stat.hint}</dd>}
        </div>
      ))}
    </dl>
  );
}
