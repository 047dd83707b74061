import { SubNav } from "../ui/sub-nav";

const ITEMS = [
  { href: "/admin", label: "Overview", exact: true },
  { href: "/admin/licenses", label: "Licenses" },
  { href: "/admin/orders", label: "Orders" },
  { href: "/admin/products", label: "Products" },
  { href: "/admin/emails", label: "Emails" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/settings", label: "Settings" },
] as const;

export function AdminNav() {
  return <SubNav label="Admin sections" items={ITEMS} />;
}
