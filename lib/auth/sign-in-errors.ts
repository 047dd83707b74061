// What the sign-in form is told, by the reason authenticate() gives. Its own module (no server
// imports) so the form can tell "ask for the code" apart from a refusal.
export const SIGN_IN_ERRORS = {
  invalid: "Incorrect email or password",
  throttled: "Too many sign-in attempts. Try again later.",
  // Only ever said after the right password: before that, nobody learns whether an account has two-factor on.
  code_required: "Enter the code from your authenticator app",
  code_invalid: "That code is not right, or was used already. Enter the current code from your authenticator app, or a recovery code.",
} as const;

export type SignInRefusal = keyof typeof SIGN_IN_ERRORS;

/** The refusals after which the form shows (or keeps) its code field. */
export const ASKS_FOR_CODE: readonly string[] = [SIGN_IN_ERRORS.code_required, SIGN_IN_ERRORS.code_invalid];
