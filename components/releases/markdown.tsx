import { renderMarkdown } from "@/lib/releases/markdown";

/**
 * Markdown written by the store owner (changelogs), rendered by lib/releases/markdown.ts, which
 * sanitises it to an allow-list of tags: the only HTML this app puts in a page unescaped.
 */
export function Markdown({ source, className = "" }: { source: string; className?: string }) {
  const html = renderMarkdown(source);
  if (!html) return <p className={`text-sm text-slate-500 ${className}`}>No notes.</p>;
  return (
    <div
      className={`space-y-2 break-words text-sm text-slate-700 [&_a]:text-indigo-700 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_h4]:font-semibold [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 [&_ul]:list-disc [&_ul]:pl-5 ${className}`}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
