// GET /api/v1/licenses/signing-key: the Ed25519 public key that signs every Verify answer.
import { handleSigningKey } from "@/lib/licenses/http/endpoints";
import { fromLicenseApiResponse } from "@/lib/http/next-license-api";

export const dynamic = "force-dynamic";

export async function GET() {
  return fromLicenseApiResponse(await handleSigningKey());
}
