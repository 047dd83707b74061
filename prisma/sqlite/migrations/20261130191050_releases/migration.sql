-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "productId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "versionKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'stable',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "changelog" TEXT NOT NULL DEFAULT '',
    "requires" TEXT,
    "tested" TEXT,
    "requiresPhp" TEXT,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "downloadCount" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "publishedAt" DATETIME,
    "yankedAt" DATETIME,
    CONSTRAINT "Release_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Download" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "releaseId" TEXT NOT NULL,
    "licenseId" TEXT,
    "environment" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Download_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Download_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Product" ("active", "createdAt", "currency", "description", "id", "maxActivations", "name", "priceCents", "slug", "updatedAt", "validityDays") SELECT "active", "createdAt", "currency", "description", "id", "maxActivations", "name", "priceCents", "slug", "updatedAt", "validityDays" FROM "Product";
DROP TABLE "Product";
ALTER TABLE "new_Product" RENAME TO "Product";
CREATE UNIQUE INDEX "Product_slug_key" ON "Product"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Release_storageKey_key" ON "Release"("storageKey");

-- CreateIndex
CREATE INDEX "Release_productId_status_versionKey_idx" ON "Release"("productId", "status", "versionKey");

-- CreateIndex
CREATE UNIQUE INDEX "Release_productId_version_key" ON "Release"("productId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Release_productId_versionKey_key" ON "Release"("productId", "versionKey");

-- CreateIndex
CREATE INDEX "Download_licenseId_at_idx" ON "Download"("licenseId", "at");

-- CreateIndex
CREATE INDEX "Download_releaseId_at_idx" ON "Download"("releaseId", "at");

