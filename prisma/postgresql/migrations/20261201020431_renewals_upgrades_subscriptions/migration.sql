-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "billing" TEXT NOT NULL DEFAULT 'one_time',
ADD COLUMN     "renewalDiscountPercent" INTEGER;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "stripeInvoiceId" TEXT;

-- AlterTable
ALTER TABLE "OrderItem" ADD COLUMN     "appliedAt" TIMESTAMP(3),
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'purchase',
ADD COLUMN     "newExpiresAt" TIMESTAMP(3),
ADD COLUMN     "previousExpiresAt" TIMESTAMP(3),
ADD COLUMN     "previousMaxActivations" INTEGER,
ADD COLUMN     "previousProductId" TEXT,
ADD COLUMN     "previousProductName" TEXT,
ADD COLUMN     "rolledBackAt" TIMESTAMP(3),
ADD COLUMN     "targetLicenseId" TEXT;

-- CreateTable
CREATE TABLE "ProductUpgrade" (
    "id" TEXT NOT NULL,
    "fromProductId" TEXT NOT NULL,
    "toProductId" TEXT NOT NULL,
    "priceCents" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProductUpgrade_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LicenseReminder" (
    "id" TEXT NOT NULL,
    "licenseId" TEXT NOT NULL,
    "termEnd" TIMESTAMP(3) NOT NULL,
    "offsetDays" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LicenseReminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "licenseId" TEXT,
    "customerId" TEXT,
    "status" TEXT NOT NULL,
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "currentPeriodEnd" TIMESTAMP(3),
    "lastEventAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProductUpgrade_toProductId_idx" ON "ProductUpgrade"("toProductId");

-- CreateIndex
CREATE UNIQUE INDEX "ProductUpgrade_fromProductId_toProductId_key" ON "ProductUpgrade"("fromProductId", "toProductId");

-- CreateIndex
CREATE UNIQUE INDEX "LicenseReminder_licenseId_termEnd_offsetDays_key" ON "LicenseReminder"("licenseId", "termEnd", "offsetDays");

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_orderId_key" ON "Subscription"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_licenseId_key" ON "Subscription"("licenseId");

-- CreateIndex
CREATE INDEX "Subscription_status_currentPeriodEnd_idx" ON "Subscription"("status", "currentPeriodEnd");

-- CreateIndex
CREATE UNIQUE INDEX "Order_stripeInvoiceId_key" ON "Order"("stripeInvoiceId");

-- CreateIndex
CREATE INDEX "OrderItem_targetLicenseId_idx" ON "OrderItem"("targetLicenseId");

-- CreateIndex
CREATE INDEX "License_expiresAt_idx" ON "License"("expiresAt");

-- AddForeignKey
ALTER TABLE "ProductUpgrade" ADD CONSTRAINT "ProductUpgrade_fromProductId_fkey" FOREIGN KEY ("fromProductId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductUpgrade" ADD CONSTRAINT "ProductUpgrade_toProductId_fkey" FOREIGN KEY ("toProductId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_targetLicenseId_fkey" FOREIGN KEY ("targetLicenseId") REFERENCES "License"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LicenseReminder" ADD CONSTRAINT "LicenseReminder_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE SET NULL ON UPDATE CASCADE;

