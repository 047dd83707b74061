// The Revoke dialog of Admin → a key: the license, the reason, and whether to email the customer.
import { z } from "zod";
import { revokeLicenseFormSchema } from "../licenses/admin-schemas";

/**
 * An HTML checkbox sends `on` when ticked and nothing at all when not, so absence means false:
 * a crafted form that leaves it out notifies no one.
 */
const checkboxSchema = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "true");

export const adminRevokeFormSchema = revokeLicenseFormSchema.extend({ notifyCustomer: checkboxSchema });
