-- AlterTable
ALTER TABLE "License" ADD COLUMN     "replacedById" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "License_replacedById_key" ON "License"("replacedById");

