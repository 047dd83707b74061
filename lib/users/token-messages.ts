import type { TokenRefusal, UserTokenPurpose } from "../auth/user-tokens";

/** What a refused link tells its holder: specific enough to act on, and the way to a new link. */
export function tokenRefusalMessage(reason: TokenRefusal | "address_changed", purpose: UserTokenPurpose): string {
  const again = purpose === "password_reset" ? "Ask for a new link." : "Ask for a new link from your account page.";
  switch (reason) {
    case "expired":
      return `This link has expired. ${again}`;
    case "used":
      return `This link was already used, or a newer one replaced it. ${again}`;
    case "address_changed":
      return `This link was sent to an address your account no longer uses. ${again}`;
    case "invalid":
      return `This link is not valid. Check that you opened the whole link from the email, or ${again.charAt(0).toLowerCase()}${again.slice(1)}`;
  }
}
