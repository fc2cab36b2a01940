/**
 * How large a request body may be. Routes that take an image (inline, base64) get MAX_BODY_BYTES
 * (15 MB by default), every other one 256 kB (or MAX_BODY_BYTES if smaller). The proxy refuses a
 * declared Content-Length above it; the body readers stop a chunked body at it: a body is never
 * read whole before its size is known to be allowed. No `@/` imports: next.config.ts reads it too.
 */
export const DEFAULT_MAX_BODY_BYTES = 15 * 1024 * 1024;
export const SMALL_BODY_BYTES = 256 * 1024;

export interface BodyTarget {
  pathname: string;
  method: string;
  /** A server action (a POST with a `Next-Action` header): "Run" carries the image prompt. */
  serverAction: boolean;
}

const IMAGE_ROUTES = new Set(["/api/v1/generations", "/api/v1/comparisons"]);

/** Whether this request may carry an image: a run or comparison, a server action, a host emulator's submit. */
export function takesImage({ pathname, method, serverAction }: BodyTarget): boolean {
  if (serverAction) return true;
  if (pathname.startsWith("/api/sandbox/")) return true;
  return method === "POST" && IMAGE_ROUTES.has(pathname.replace(/\/$/, ""));
}

export function bodyLimitFor(target: BodyTarget, maxBodyBytes: number): number {
  return takesImage(target) ? maxBodyBytes : Math.min(SMALL_BODY_BYTES, maxBodyBytes);
}

/** next.config.ts reads MAX_BODY_BYTES at start-up; a bad value is refused by lib/env.ts, with its name. */
export function maxBodyBytesSetting(value: string | undefined): number {
  const parsed = Number(value);
  return value && Number.isInteger(parsed) && parsed >= 1024 ? parsed : DEFAULT_MAX_BODY_BYTES;
}

export const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} kB` : `${bytes} bytes`;

export const tooLargeMessage = (limit: number) =>
  `The request body is larger than this route takes (${formatBytes(limit)}): send a smaller body${limit < DEFAULT_MAX_BODY_BYTES ? "" : " (a smaller image prompt)"}`;

/** A declared Content-Length above the limit (a malformed one counts as too large). */
export function declaredTooLarge(contentLength: string | null, limit: number): boolean {
  if (contentLength === null) return false;
  const declared = Number(contentLength);
  return !Number.isFinite(declared) || declared > limit;
}

/**
 * Reads a body up to `limit` bytes, chunk by chunk, and stops (cancelling the rest) as soon as it
 * passes the limit: a chunked body without a length can no more fill memory than a declared one.
 * null: too large.
 */
export async function readLimitedBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (declaredTooLarge(request.headers.get("content-length"), limit)) return null;
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
