-- AlterTable
ALTER TABLE "Order" ADD COLUMN "stripeInvoiceId" TEXT;

-- CreateTable
CREATE TABLE "ProductUpgrade" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fromProductId" TEXT NOT NULL,
    "toProductId" TEXT NOT NULL,
    "priceCents" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProductUpgrade_fromProductId_fkey" FOREIGN KEY ("fromProductId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProductUpgrade_toProductId_fkey" FOREIGN KEY ("toProductId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LicenseReminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "licenseId" TEXT NOT NULL,
    "termEnd" DATETIME NOT NULL,
    "offsetDays" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LicenseReminder_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "licenseId" TEXT,
    "customerId" TEXT,
    "status" TEXT NOT NULL,
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "currentPeriodEnd" DATETIME,
    "lastEventAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Subscription_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Product" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "priceCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "maxActivations" INTEGER NOT NULL DEFAULT 1,
    "validityDays" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "kind" TEXT NOT NULL DEFAULT 'plugin',
    "packageSlug" TEXT,
    "homepage" TEXT,
    "author" TEXT,
    "installation" TEXT NOT NULL DEFAULT '',
    "iconFile" TEXT,
    "bannerFile" TEXT,
    "renewalDiscountPercent" INTEGER,
    "billing" TEXT NOT NULL DEFAULT 'one_time',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Product" ("active", "author", "bannerFile", "createdAt", "currency", "description", "homepage", "iconFile", "id", "installation", "kind", "maxActivations", "name", "packageSlug", "priceCents", "slug", "updatedAt", "validityDays") SELECT "active", "author", "bannerFile", "createdAt", "currency", "description", "homepage", "iconFile", "id", "installation", "kind", "maxActivations", "name", "packageSlug", "priceCents", "slug", "updatedAt", "validityDays" FROM "Product";
DROP TABLE "Product";
ALTER TABLE "new_Product" RENAME TO "Product";
CREATE UNIQUE INDEX "Product_slug_key" ON "Product"("slug");
CREATE TABLE "new_OrderItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productName" TEXT NOT NULL,
    "unitPriceCents" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'purchase',
    "targetLicenseId" TEXT,
    "previousExpiresAt" DATETIME,
    "newExpiresAt" DATETIME,
    "previousProductId" TEXT,
    "previousProductName" TEXT,
    "previousMaxActivations" INTEGER,
    "appliedAt" DATETIME,
    "rolledBackAt" DATETIME,
    CONSTRAINT "OrderItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrderItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OrderItem_targetLicenseId_fkey" FOREIGN KEY ("targetLicenseId") REFERENCES "License" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_OrderItem" ("id", "orderId", "productId", "productName", "quantity", "unitPriceCents") SELECT "id", "orderId", "productId", "productName", "quantity", "unitPriceCents" FROM "OrderItem";
DROP TABLE "OrderItem";
ALTER TABLE "new_OrderItem" RENAME TO "OrderItem";
CREATE INDEX "OrderItem_orderId_idx" ON "OrderItem"("orderId");
CREATE INDEX "OrderItem_targetLicenseId_idx" ON "OrderItem"("targetLicenseId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
CREATE INDEX "License_expiresAt_idx" ON "License"("expiresAt");

