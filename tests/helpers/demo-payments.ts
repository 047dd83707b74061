import { afterAll, beforeAll } from "vitest";

/**
 * The calling test file runs with demo payments (no Stripe keys, STORE_MODE=demo), as `npm start`
 * does; the environment is restored afterwards. Call it at the top level of the file.
 */
export function withDemoPayments(): void {
  const saved = { ...process.env };
  beforeAll(() => {
    for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[name];
    process.env.STORE_MODE = "demo";
  });
  afterAll(() => {
    process.env = saved;
  });
}
