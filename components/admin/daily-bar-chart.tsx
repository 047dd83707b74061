import { formatDate } from "@/lib/licenses/format";

type Point = { day: string; value: number };

type Props = { title: string; unit: string; points: readonly Point[]; barClassName: string };

const dayLabel = (day: string) => formatDate(new Date(`${day}T00:00:00Z`));

/**
 * A per-day bar chart drawn with CSS on the server (no chart library, no client JavaScript). The
 * bars are decorative for screen readers; the same numbers are in a visually hidden table.
 */
export function DailyBarChart({ title, unit, points, barClassName }: Props) {
  const max = Math.max(0, ...points.map((p) => p.value));
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const first = points[0];
  const last = points.at(-1);
  return (
    <figure className="relative min-w-0 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">{title}</span>
        <span className="text-sm text-slate-500">
          {total.toLocaleString("en-US")} in {points.length} days
        </span>
      </figcaption>
      <div aria-hidden="true" className="mt-4">
        <div className="flex h-36 items-end gap-px border-b border-slate-200 sm:gap-0.5">
          {points.map((point) => (
            <div
              key={point.day}
              title={`${dayLabel(point.day)}: ${point.value.toLocaleString("en-US")} ${unit}`}
              className="flex h-full flex-1 items-end"
            >
              <div
                className={`w-full rounded-t-sm ${point.value > 0 ? barClassName : "bg-slate-100"}`}
                style={{ height: point.value > 0 && max > 0 ? `${Math.max(3, (point.value / max) * 100)}%` : "2px" }}
              />
            </div>
          ))}
        </div>
        <div className="mt-1 flex justify-between text-xs text-slate-500">
          <span>{first && dayLabel(first.day)}</span>
          <span>Peak {max.toLocaleString("en-US")}</span>
          <span>{last && dayLabel(last.day)}</span>
        </div>
      </div>
      {/* sr-only on a wrapper: a table ignores the 1px box and overflow that hide it. */}
      <div className="sr-only">
      <table>
        <caption>{title}, per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.day}>
              <th scope="row">{dayLabel(point.day)}</th>
              <td>{point.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
