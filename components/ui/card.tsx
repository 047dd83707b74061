/** A white panel with an optional heading, the building block of the account and admin pages. */
export function Card({
  title,
  description,
  children,
  className = "",
}: {
  title?: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm ${className}`}>
      {title && <h2 className="text-base font-semibold text-slate-900">{title}</h2>}
      {description && <div className="mt-1 text-sm text-slate-600">{description}</div>}
      <div className={title || description ? "mt-4" : ""}>{children}</div>
    </section>
  );
}
