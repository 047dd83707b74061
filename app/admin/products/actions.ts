"use server";

// Admin → Products. Server actions are public POST endpoints: adminAction checks the admin role
// (requireAdmin) first, then parses the form with zod; saving goes through lib/products, audit
// entry included.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/admin/admin-action";
import { db } from "@/lib/db";
import { createProduct, updateProduct, type SaveProductResult } from "@/lib/products/save-product";
import { productFormSchema, productUpdateFormSchema } from "@/lib/products/schemas";

const SLUG_TAKEN = { error: "Please correct the highlighted fields.", fieldErrors: { slug: "Another product already uses this slug" } };

function refresh() {
  revalidatePath("/admin/products");
  revalidatePath("/");
}

export const createProductAction = adminAction(productFormSchema, async (data, admin) => {
  const result: SaveProductResult = await createProduct(db, data, admin.id);
  if (result.outcome === "slug_taken") return SLUG_TAKEN;
  if (result.outcome === "not_found") return { error: "The product could not be created." };
  refresh();
  redirect(`/admin/products?created=${encodeURIComponent(result.product.slug)}`);
});

export const updateProductAction = adminAction(productUpdateFormSchema, async ({ productId, ...data }, admin) => {
  const result = await updateProduct(db, productId, data, admin.id);
  if (result.outcome === "slug_taken") return SLUG_TAKEN;
  if (result.outcome === "not_found") return { error: "This product no longer exists." };
  refresh();
  revalidatePath(`/admin/products/${productId}`);
  return { ok: true, message: `Saved ${result.product.name}.` };
});
