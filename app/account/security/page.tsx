import { redirect } from "next/navigation";

// Account → Security became Account → Settings; old links and bookmarks keep working.
export default function AccountSecurityPage() {
  redirect("/account/settings");
}
