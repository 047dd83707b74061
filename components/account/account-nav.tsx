import { SubNav } from "../ui/sub-nav";

const ITEMS = [
  { href: "/account", label: "Overview", exact: true },
  { href: "/account/licenses", label: "Licenses" },
  { href: "/account/downloads", label: "Downloads" },
  { href: "/account/orders", label: "Orders" },
  { href: "/account/settings", label: "Settings" },
] as const;

export function AccountNav() {
  return <SubNav label="Account sections" items={ITEMS} />;
}
