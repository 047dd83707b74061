import { RECOVERY_CODE_COUNT } from "@/lib/auth/two-factor-recovery-codes";

/** "7 of 10 recovery codes left", with a nudge to make new ones when few are left. */
export function RecoveryCodesLeft({ count }: { count: number }) {
  return (
    <p className={count <= 3 ? "text-amber-800" : undefined}>
      {count} of {RECOVERY_CODE_COUNT} recovery codes left.
      {count <= 3 && " Make new ones before you run out."}
    </p>
  );
}
