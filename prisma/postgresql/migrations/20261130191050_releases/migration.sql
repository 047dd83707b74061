-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "author" TEXT,
ADD COLUMN     "bannerFile" TEXT,
ADD COLUMN     "homepage" TEXT,
ADD COLUMN     "iconFile" TEXT,
ADD COLUMN     "installation" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'plugin',
ADD COLUMN     "packageSlug" TEXT;

-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "yankedAt" TIMESTAMP(3),

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Download" (
    "id" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "licenseId" TEXT,
    "environment" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Download_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Download" ADD CONSTRAINT "Download_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Download" ADD CONSTRAINT "Download_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE SET NULL ON UPDATE CASCADE;

