import { AppError } from "@/lib/errors";

/** The standard request header (IETF draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/**
 * The body with the `Idempotency-Key` header as its `idempotencyKey`, so a client may give the
 * key either way (a retry after a dropped connection, a double click): the same key returns the
 * first generation or comparison. Both given and different is the caller's mistake, said plainly.
 */
export function withIdempotencyHeader(request: Request, body: unknown): unknown {
  const header = request.headers.get(IDEMPOTENCY_HEADER);
  if (header === null || !body || typeof body !== "object" || Array.isArray(body)) return body;
  const given = (body as { idempotencyKey?: unknown }).idempotencyKey;
  if (given !== undefined && given !== header) {
    const message = `The ${IDEMPOTENCY_HEADER} header and the body's idempotencyKey differ: send one, or the same value in both`;
    throw new AppError("bad_request:api", message, { issues: [{ path: "idempotencyKey", message }] });
  }
  return { ...body, idempotencyKey: header };
}
