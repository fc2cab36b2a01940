import { env } from "@/lib/env";
import { bodyLimitFor, formatBytes, readLimitedBody } from "@/lib/security/body-limit";

/**
 * A host's gateway refuses a body over its size limit before the API sees it, with a 413 in
 * plain text; the emulators do the same at MAX_BODY_BYTES (an inline image prompt fits), so no
 * request can make an emulator hold more than that. The emulator gets the request with its body read.
 */
export async function readBoundedRequest(request: Request): Promise<Request | Response> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const limit = bodyLimitFor({ pathname: new URL(request.url).pathname, method: request.method, serverAction: false }, env().MAX_BODY_BYTES);
  const body = await readLimitedBody(request, limit).catch(() => new Uint8Array(0));
  if (!body) {
    return new Response(`413 Request Entity Too Large: the body is over ${formatBytes(limit)}`, { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: body.byteLength ? body : null, signal: request.signal });
}
