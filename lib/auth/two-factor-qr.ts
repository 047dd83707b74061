// The enrolment's QR code, drawn on the server as an SVG data: URL (the pages' CSP allows data:
// images and nothing else from outside), so the secret never goes to a third-party QR service.
import QRCode from "qrcode";
import { totpUri } from "./two-factor-totp";

/** The otpauth:// URI of `secret` for `account` as a QR code image URL. */
export async function totpQrCodeDataUrl(input: { secret: string; issuer: string; account: string }): Promise<string> {
  const svg = await QRCode.toString(totpUri(input), { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}
