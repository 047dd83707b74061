// Route handlers that change things on behalf of a signed-in browser session (an admin's upload)
// are open to cross-site request forgery: any site can make the browser post a multipart form with
// the session cookie. Server actions check the Origin themselves; a route handler checks it here.
// Browsers send Origin on every POST (same-site included) and a page cannot forge it.

/** True when the request's Origin is the store's own public origin (NEXTAUTH_URL). */
export function isSameOrigin(request: Request, publicUrl: string): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return false;
  try {
    return new URL(origin).origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}
