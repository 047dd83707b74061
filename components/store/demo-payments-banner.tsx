import { getEnv } from "@/lib/env";

/** Site-wide, whenever checkout takes no money: nobody should think a demo purchase was real. */
export function DemoPaymentsBanner() {
  if (getEnv().payments !== "demo") return null;
  return (
    <div role="note" aria-label="Demo payments" className="border-b border-amber-300 bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
      <strong className="font-semibold">Demo payments: no money is taken.</strong>{" "}
      <span>Checkout is simulated; keys issued here work like real ones.</span>
    </div>
  );
}
