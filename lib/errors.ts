import { unstable_rethrow } from "next/navigation";
import type { FieldIssue } from "@/lib/models";

/** The JSON API's error codes (README, JSON API): a contract, never renamed. */
export type ApiErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "budget_exceeded"
  | "rate_limited"
  | "host_error"
  | "internal";

export type ErrorType =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unprocessable"
  | "rate_limit"
  | "budget"
  | "internal"
  | "host";

/** What the error is about: the API's resource or feature. */
export type Surface = "api" | "generation" | "comparison" | "history" | "share" | "key" | "token" | "admin" | "image" | "limits";

/** An error's name, `type:surface`, e.g. `not_found:comparison`. */
export type ErrorCode = `${ErrorType}:${Surface}`;

interface ErrorEntry {
  status: number;
  code: ApiErrorCode;
  message: string;
  surfaces?: Partial<Record<Surface, string>>;
}

/**
 * The one table: each type's HTTP status, the envelope's code and a message fit for a user (a
 * surface may say it better; a throw may say it exactly). Statuses are unique but for 429, so a
 * service's `{ status }` finds its type (429s are thrown as limits, with their own type).
 */
export const ERRORS = {
  bad_request: { status: 400, code: "invalid_request", message: "The request is not valid: check its fields and try again" },
  unauthorized: { status: 401, code: "unauthorized", message: "Sign in first, or send a personal API token as `Authorization: Bearer <token>`" },
  forbidden: {
    status: 403,
    code: "forbidden",
    message: "You may not do this",
    surfaces: { admin: "Only administrators (AUTH_ADMIN_EMAILS) may see users and their limits" },
  },
  not_found: {
    status: 404,
    code: "not_found",
    message: "Nothing here by that name",
    surfaces: {
      generation: "No such generation",
      comparison: "No such comparison",
      share: "No such share",
      token: "No such token",
      image: "No such image",
      key: "You have no key for that host",
      admin: "No such user",
    },
  },
  conflict: { status: 409, code: "conflict", message: "That cannot be done in the item's present state" },
  payload_too_large: { status: 413, code: "payload_too_large", message: "The request body is larger than this route takes" },
  unprocessable: { status: 422, code: "invalid_request", message: "The request was understood but cannot be carried out", surfaces: { key: "The host rejected your key: check it and set it again" } },
  rate_limit: { status: 429, code: "rate_limited", message: "Too many runs in the last minute: wait a moment and try again" },
  budget: { status: 429, code: "budget_exceeded", message: "Today's budget is spent: runs open again at 00:00 UTC" },
  internal: { status: 500, code: "internal", message: "Something went wrong on our side: try again, and if it keeps happening tell whoever runs this instance" },
  host: { status: 502, code: "host_error", message: "The host failed to answer: try again later" },
} as const satisfies Record<ErrorType, ErrorEntry>;

export interface AppErrorOptions {
  issues?: FieldIssue[];
  /** More fields of the `error` object (a limit's `resetAt`). */
  details?: Record<string, unknown>;
  /** Fields beside `error` in the body (a comparison's `estimate` awaiting confirmation). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** What went wrong inside: logged for an internal error, never answered. */
  cause?: unknown;
}

// Next may evaluate this module in several bundles of one process: a registered symbol, not only
// `instanceof`, recognises an AppError made by another copy of the class.
const BRAND = Symbol.for("flux.AppError");

/** An error a user may see: its name (`type:surface`) decides the status and the envelope's code. */
export class AppError extends Error {
  readonly [BRAND] = true;
  override readonly name: ErrorCode;
  readonly type: ErrorType;
  readonly surface: Surface;
  readonly status: number;
  readonly code: ApiErrorCode;

  constructor(
    name: ErrorCode,
    message?: string,
    readonly options: AppErrorOptions = {},
  ) {
    const [type, surface] = name.split(":") as [ErrorType, Surface];
    const entry: ErrorEntry = ERRORS[type];
    super(message ?? entry.surfaces?.[surface] ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.type = type;
    this.surface = surface;
    this.status = entry.status;
    this.code = entry.code;
  }

  static is(error: unknown): error is AppError {
    return error instanceof AppError || (typeof error === "object" && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true);
  }

  /** A service's refusal (`{ status, message, issues }`) as the error its status names. */
  static fromFailure(surface: Surface, failure: { status: number; message: string; issues?: FieldIssue[] }): AppError {
    return new AppError(`${typeOfStatus(failure.status)}:${surface}`, failure.message, { issues: failure.issues });
  }

  /** A budget or rate limit's refusal: 429 with when it resets, in the body and as Retry-After (seconds). */
  static limit(surface: Surface, limit: { code: "budget_exceeded" | "rate_limited"; message: string; resetAt: string }): AppError {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(limit.resetAt) - Date.now()) / 1000));
    return new AppError(`${limit.code === "budget_exceeded" ? "budget" : "rate_limit"}:${surface}`, limit.message, {
      details: { resetAt: limit.resetAt },
      headers: { "Retry-After": String(retryAfter) },
    });
  }

  /** The documented envelope, `{ "error": { "code", "message", "issues"? } }`: route() answers it, other callers may too. */
  toResponse(): Response {
    const { issues, details, extra, headers } = this.options;
    const error = { code: this.code, message: this.message, ...(issues ? { issues } : {}), ...details };
    return Response.json({ error, ...extra }, { status: this.status, headers });
  }
}

function typeOfStatus(status: number): ErrorType {
  const found = (Object.keys(ERRORS) as ErrorType[]).find((type) => ERRORS[type].status === status);
  return found ?? (status < 500 ? "bad_request" : "internal");
}

/**
 * A route handler that always answers the envelope: an AppError answers its own; anything else is
 * logged (once, here) and answers 500 `internal` naming nothing inside. Next's own control flow
 * (notFound(), redirect(), dynamic rendering bail-outs) is rethrown for Next to handle.
 */
export function route<A extends unknown[]>(handler: (...args: A) => Response | Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      unstable_rethrow(error);
      const known = AppError.is(error) ? error : null;
      if (!known || known.type === "internal") console.error(`${requestLabel(args[0])} failed:`, known?.cause ?? error);
      return (known ?? new AppError("internal:api")).toResponse();
    }
  };
}

function requestLabel(request: unknown): string {
  if (!(request instanceof Request)) return "route";
  return `${request.method} ${new URL(request.url).pathname}`;
}
