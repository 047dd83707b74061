-- DropIndex
DROP INDEX "License_expiresAt_idx";

-- CreateIndex
CREATE INDEX "Order_currency_status_amountCents_refundedCents_idx" ON "Order"("currency", "status", "amountCents", "refundedCents");

-- CreateIndex
CREATE INDEX "License_expiresAt_revokedAt_idx" ON "License"("expiresAt", "revokedAt");

