import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long")
  .pipe(z.email("Enter a valid email address"));

export const passwordSchema = z
  .string()
  .min(8, "Password must be at least 8 characters")
  .max(200, "Password must be at most 200 characters");

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Name is too long"),
  email: emailSchema,
  password: passwordSchema,
});

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
  /** The second factor (an app code or a recovery code) of an account with two-factor on; "" = none. */
  code: z
    .string()
    .max(64)
    .optional()
    .transform((code) => code?.trim() || undefined),
});

/** Account → Settings → Change password. The new password follows the sign-up rules. */
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(200, "Password must be at most 200 characters"),
  newPassword: passwordSchema,
});

/** Account → Settings → Sign out everywhere: no fields, the user comes from the session. */
export const signOutEverywhereSchema = z.object({});

export const roleSchema = z.enum(["CUSTOMER", "ADMIN"]);
export type Role = z.infer<typeof roleSchema>;

/** "Forgot password?": only the address. */
export const forgotPasswordSchema = z.object({ email: emailSchema });

/** The reset form: the link's token and the new password typed twice (the sign-up rules apply). */
export const resetPasswordSchema = z
  .object({
    token: z.string().max(100),
    newPassword: passwordSchema,
    confirmPassword: z.string().max(200),
  })
  .refine((data) => data.newPassword === data.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" });

/** The confirm button of a verification link. */
export const confirmEmailSchema = z.object({ token: z.string().min(1, "This link is not valid.").max(100) });

/** Account → Settings → Name. */
export const changeNameSchema = z.object({ name: z.string().trim().min(1, "Enter your name").max(100, "Name is too long") });

/** "Resend the link": no fields, the user comes from the session. */
export const resendVerificationSchema = z.object({});
