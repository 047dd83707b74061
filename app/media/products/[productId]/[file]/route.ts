// GET /media/products/{productId}/{file}: a product's icon or banner, for WordPress's update
// screens and "View details" dialog (the update API links here) and Admin's product form. Only a
// file the product currently points at is served: a replaced image, or anything else in storage,
// is a 404. Names carry the content's hash, so an answer never changes and is cached for a year.
import { Readable } from "node:stream";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { jsonError, routeMethods } from "@/lib/http/route-methods";
import { findProductImage } from "@/lib/products/media";
import { getStorage } from "@/lib/storage";

export const dynamic = "force-dynamic";

type Params = { productId: string; file: string };

const notFound = () => jsonError(new ApiError(404, "NOT_FOUND", "No such image"));

async function serveProductImage(_request: Request, { params }: { params: Promise<Params> }): Promise<Response> {
  const { productId, file } = await params;
  const image = await findProductImage(db, productId, file);
  if (!image) return notFound();
  const stored = await getStorage().open(image.key);
  if (!stored) return notFound();
  // No Content-Length: Next.js drops it from route handler answers and sends them chunked.
  return new Response(Readable.toWeb(stored.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": image.contentType,
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      // WordPress shows it from the site's own admin pages, another origin.
      "Cross-Origin-Resource-Policy": "cross-origin",
    },
  });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods<{ params: Promise<Params> }>({ GET: serveProductImage });
