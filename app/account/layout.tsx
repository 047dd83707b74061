import { requireUser } from "@/lib/auth/session";

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  await requireUser("/account");
  return <div className="space-y-6">{children}</div>;
}
