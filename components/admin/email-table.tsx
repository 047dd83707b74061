import Link from "next/link";
import { describeEmailState, type EmailListItem } from "@/lib/email/list-messages";
import { formatDateTime } from "@/lib/licenses/format";
import { TableContainer, Td, Th } from "../ui/table";
import { EmailStateBadge } from "./email-state-badge";

/** Admin → Emails: one row per message, newest first; the subject opens the message. */
export function EmailTable({ messages, emailConfigured, now }: { messages: readonly EmailListItem[]; emailConfigured: boolean; now: Date }) {
  return (
    <TableContainer label="Emails">
      <thead>
        <tr>
          <Th>Recipient</Th>
          <Th>Subject</Th>
          <Th>Kind</Th>
          <Th>Status</Th>
          <Th className="text-right">Attempts</Th>
          <Th>Last error</Th>
          <Th>Created / sent</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {messages.map((message) => (
          <tr key={message.id} className="hover:bg-slate-50">
            <Td><span className="block max-w-[14rem] truncate" title={message.recipient}>{message.recipient}</span></Td>
            <Td className="min-w-[12rem]">
              <Link href={`/admin/emails/${message.id}`} className="text-indigo-700 hover:underline">{message.subject}</Link>
            </Td>
            <Td className="whitespace-nowrap font-mono text-xs">{message.kind}</Td>
            <Td><EmailStateBadge state={describeEmailState(message, { emailConfigured, now })} /></Td>
            <Td className="text-right tabular-nums">{message.attempts}</Td>
            <Td><span className="block max-w-[16rem] truncate text-xs text-slate-600" title={message.lastError ?? undefined}>{message.lastError ?? "—"}</span></Td>
            <Td className="whitespace-nowrap">
              {formatDateTime(message.createdAt)}
              {message.sentAt ? <span className="block text-xs text-slate-600">sent {formatDateTime(message.sentAt)}</span> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </TableContainer>
  );
}
