import { afterEach, describe, expect, it, vi } from "vitest";
import { notFound, redirect } from "next/navigation";
import { AppError, ERRORS, route, type ErrorType } from "@/lib/errors";
import { UnauthorizedError } from "@/lib/auth/current-user";
import { InvalidCursorError } from "@/lib/jobs/service";

const request = (path = "/api/v1/things") => new Request(`http://localhost${path}`, { method: "POST" });
const bodyOf = async (response: Response) => JSON.parse(await response.text());

afterEach(() => vi.restoreAllMocks());

describe("the error table", () => {
  it.each([
    ["bad_request", 400, "invalid_request"],
    ["unauthorized", 401, "unauthorized"],
    ["forbidden", 403, "forbidden"],
    ["not_found", 404, "not_found"],
    ["conflict", 409, "conflict"],
    ["payload_too_large", 413, "payload_too_large"],
    ["unprocessable", 422, "invalid_request"],
    ["rate_limit", 429, "rate_limited"],
    ["budget", 429, "budget_exceeded"],
    ["internal", 500, "internal"],
    ["host", 502, "host_error"],
  ] as const)("%s answers %i with the envelope's code %s", (type, status, code) => {
    const error = new AppError(`${type}:api`);
    expect([error.status, error.code, error.type, error.surface, error.name]).toEqual([status, code, type, "api", `${type}:api`]);
    expect(error.message).toBe(ERRORS[type].message);
  });

  it("covers every type, with a message for a user on each", () => {
    for (const [type, entry] of Object.entries(ERRORS) as [ErrorType, (typeof ERRORS)[ErrorType]][]) {
      expect(entry.message.length, type).toBeGreaterThan(10);
    }
  });

  it("takes a surface's own message, and a throw's over both", () => {
    expect(new AppError("not_found:comparison").message).toBe("No such comparison");
    expect(new AppError("not_found:history").message).toBe(ERRORS.not_found.message);
    expect(new AppError("not_found:comparison", "No comparison c1").message).toBe("No comparison c1");
  });

  it("turns a service's { status } into the type that status names (the routes' old code maps)", () => {
    const codes = [400, 403, 404, 409, 422, 502].map((status) => {
      const error = AppError.fromFailure("key", { status, message: "m" });
      return [error.status, error.code];
    });
    expect(codes).toEqual([
      [400, "invalid_request"],
      [403, "forbidden"],
      [404, "not_found"],
      [409, "conflict"],
      [422, "invalid_request"],
      [502, "host_error"],
    ]);
  });

  it("answers the documented envelope, issues and extras included", async () => {
    const issues = [{ path: "params.width", message: "Width must be a multiple of 32" }];
    const response = new AppError("bad_request:comparison", "Confirm first", { issues, extra: { estimate: { usd: 2 } } }).toResponse();
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toEqual({ error: { code: "invalid_request", message: "Confirm first", issues }, estimate: { usd: 2 } });
    expect(await bodyOf(new AppError("not_found:share").toResponse())).toEqual({ error: { code: "not_found", message: "No such share" } });
  });

  it("answers a limit with resetAt in the error and Retry-After in seconds", async () => {
    const resetAt = new Date(Date.now() + 90_500).toISOString();
    const response = AppError.limit("generation", { code: "budget_exceeded", message: "Budget spent", resetAt }).toResponse();
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThanOrEqual(90);
    expect(Number(response.headers.get("Retry-After"))).toBeLessThanOrEqual(91);
    expect(await bodyOf(response)).toEqual({ error: { code: "budget_exceeded", message: "Budget spent", resetAt } });
    expect(AppError.limit("generation", { code: "rate_limited", message: "m", resetAt }).code).toBe("rate_limited");
  });

  it("makes the services' own refusals AppErrors: unauthorized and a foreign cursor", async () => {
    expect(await bodyOf(new UnauthorizedError().toResponse())).toEqual({
      error: { code: "unauthorized", message: "Sign in first, or send a personal API token as `Authorization: Bearer <token>`" },
    });
    const cursor = new InvalidCursorError();
    expect(cursor.status).toBe(400);
    expect((await bodyOf(cursor.toResponse())).error.issues).toEqual([{ path: "cursor", message: cursor.message }]);
  });
});

describe("route()", () => {
  it("answers what the handler answers, arguments passed through", async () => {
    const handler = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => Response.json({ id: (await ctx.params).id, path: new URL(req.url).pathname }));
    const response = await handler(request(), { params: Promise.resolve({ id: "g1" }) });
    expect(await response.json()).toEqual({ id: "g1", path: "/api/v1/things" });
  });

  it("answers a thrown AppError with its envelope, status and headers, logging nothing", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = route(async () => {
      throw AppError.limit("comparison", { code: "rate_limited", message: "Slow down", resetAt: new Date(Date.now() + 5_000).toISOString() });
    });
    const response = await handler();
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBeTruthy();
    expect((await bodyOf(response)).error).toMatchObject({ code: "rate_limited", message: "Slow down" });
    expect(log).not.toHaveBeenCalled();
  });

  it("answers any other throw with 500 internal naming no internals, and logs it once", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const secret = new Error("connect ECONNREFUSED 10.0.0.7:5432 (role flux_admin, password hunter2)");
    const handler = route<[Request]>(async () => {
      throw secret;
    });
    const response = await handler(request("/api/v1/history"));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: ERRORS.internal.message } });
    for (const leak of ["ECONNREFUSED", "10.0.0.7", "flux_admin", "hunter2", "at "]) expect(text).not.toContain(leak);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toBe("POST /api/v1/history failed:");
    expect(log.mock.calls[0][1]).toBe(secret);
  });

  it("recognises an AppError made by another copy of the module (Next may bundle it twice)", async () => {
    vi.resetModules();
    const copy = await import("@/lib/errors");
    expect(copy.AppError).not.toBe(AppError);
    const response = await route(async () => {
      throw new copy.AppError("conflict:generation", "Generation g1 has already ended (succeeded)");
    })();
    expect(response.status).toBe(409);
    expect((await bodyOf(response)).error).toEqual({ code: "conflict", message: "Generation g1 has already ended (succeeded)" });
    expect(AppError.is(new Error("x"))).toBe(false);
  });

  it("logs an internal AppError's cause, and answers only its message", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const cause = new TypeError("row.images is undefined");
    const response = await route(async () => {
      throw new AppError("internal:history", undefined, { cause });
    })();
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("row.images");
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]).toEqual(["route failed:", cause]);
  });

  it("lets Next's own control flow through: notFound() and redirect() are rethrown untouched", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    let signal: unknown;
    const handler = route(async () => {
      try {
        notFound();
      } catch (error) {
        signal = error;
        throw error;
      }
    });
    await expect(handler()).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
    await expect(handler()).rejects.toBe(signal);
    await expect(route(async () => redirect("/signin"))()).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
    expect(log).not.toHaveBeenCalled();
  });
});
