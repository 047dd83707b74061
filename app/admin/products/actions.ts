"use server";

// Admin → Products. Server actions are public POST endpoints: adminAction checks the admin role
// (requireAdmin) first, then parses the form with zod; the images are checked from their bytes
// before anything is saved; saving goes through lib/products, audit entries included.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/admin/admin-action";
import { db } from "@/lib/db";
import type { ActionState } from "@/lib/http/validated-action";
import { checkProductImageRequests, type ProductImageChecks } from "@/lib/products/media";
import { createProduct, saveProductImages, updateProduct, type SaveProductResult } from "@/lib/products/save-product";
import {
  productFormSchema,
  productUpdateFormSchema,
  productUpgradeFormSchema,
  productUpgradeRemoveSchema,
  type ProductFormInput,
} from "@/lib/products/schemas";
import { addUpgradePath, removeUpgradePath } from "@/lib/products/upgrade-paths";
import { getStorage } from "@/lib/storage";

const CORRECT_FIELDS = "Please correct the highlighted fields.";
const SLUG_TAKEN = { error: CORRECT_FIELDS, fieldErrors: { slug: "Another product already uses this slug" } };

function refresh() {
  revalidatePath("/admin/products");
  revalidatePath("/");
}

/** The product's own fields, and its images checked from their bytes (before anything is saved). */
async function splitForm({ icon, banner, removeIcon, removeBanner, ...fields }: ProductFormInput) {
  const checks = await checkProductImageRequests([
    { kind: "icon", file: icon, remove: removeIcon },
    { kind: "banner", file: banner, remove: removeBanner },
  ]);
  return { fields, checks };
}

const imageErrors = (checks: Extract<ProductImageChecks, { ok: false }>): ActionState => ({
  error: CORRECT_FIELDS,
  fieldErrors: checks.fieldErrors,
});

export const createProductAction = adminAction(productFormSchema, async (data, admin) => {
  const { fields, checks } = await splitForm(data);
  if (!checks.ok) return imageErrors(checks);
  const result: SaveProductResult = await createProduct(db, fields, admin.id);
  if (result.outcome === "slug_taken") return SLUG_TAKEN;
  if (result.outcome === "invalid") return { error: CORRECT_FIELDS, fieldErrors: result.fieldErrors };
  if (result.outcome === "not_found") return { error: "The product could not be created." };
  await saveProductImages(db, getStorage(), result.product.id, checks.changes, admin.id);
  refresh();
  redirect(`/admin/products?created=${encodeURIComponent(result.product.slug)}`);
});

export const updateProductAction = adminAction(productUpdateFormSchema, async ({ productId, ...data }, admin) => {
  const { fields, checks } = await splitForm(data);
  if (!checks.ok) return imageErrors(checks);
  const result = await updateProduct(db, productId, fields, admin.id);
  if (result.outcome === "slug_taken") return SLUG_TAKEN;
  if (result.outcome === "invalid") return { error: CORRECT_FIELDS, fieldErrors: result.fieldErrors };
  if (result.outcome === "not_found") return { error: "This product no longer exists." };
  await saveProductImages(db, getStorage(), productId, checks.changes, admin.id);
  refresh();
  revalidatePath(`/admin/products/${productId}`);
  return { ok: true, message: `Saved ${result.product.name}.` };
});

/** Upgrade paths → Add: keys of this product may move to the chosen one (the difference, or a fixed price). */
export const addUpgradePathAction = adminAction(productUpgradeFormSchema, async ({ productId, toProductId, fixedPrice }, admin) => {
  const result = await addUpgradePath(db, { fromProductId: productId, toProductId, priceCents: fixedPrice, actor: admin.id });
  if (result.outcome === "not_found") return { error: "This product no longer exists." };
  if (result.outcome === "invalid") return { error: CORRECT_FIELDS, fieldErrors: result.fieldErrors };
  revalidatePath(`/admin/products/${productId}`);
  revalidatePath("/account/licenses");
  return { ok: true, message: `Keys of this product can now upgrade to ${result.toProductName}.` };
});

/** Upgrade paths → Remove: customers are no longer offered it (orders already placed still apply). */
export const removeUpgradePathAction = adminAction(productUpgradeRemoveSchema, async ({ productId, pathId }, admin) => {
  const result = await removeUpgradePath(db, { fromProductId: productId, pathId, actor: admin.id });
  if (result.outcome === "not_found") return { error: "This upgrade path was already removed." };
  revalidatePath(`/admin/products/${productId}`);
  revalidatePath("/account/licenses");
  return { ok: true, message: `Removed the upgrade to ${result.toProductName}.` };
});
