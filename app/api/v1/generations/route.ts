import { after } from "next/server";
import { withIdempotencyHeader } from "@/lib/api/idempotency";
import { pageLimit, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { runGeneration } from "@/lib/jobs/runner";
import { createGeneration, listGenerationPage, MAX_PAGE_SIZE } from "@/lib/jobs/service";

export const POST = route(async (request: Request) => {
  const input = withIdempotencyHeader(request, await readJson(request));
  const result = await createGeneration(input, await currentUserId());
  if (!result.ok) throw result.limit ? AppError.limit("generation", result.limit) : new AppError("bad_request:generation", result.message, { issues: result.issues });
  after(() => runGeneration(result.id));
  return Response.json(
    { id: result.id, status: result.status },
    { status: 202, headers: { Location: `/api/v1/generations/${result.id}`, ...(result.created ? {} : { "Idempotent-Replayed": "true" }) } },
  );
});

/** A page of your generations, newest first; a cursor this API did not make is a 400 (InvalidCursorError). */
export const GET = route(async (request: Request) => {
  const query = new URL(request.url).searchParams;
  const limit = pageLimit(query, MAX_PAGE_SIZE);
  return Response.json(await listGenerationPage(await currentUserId(), query.get("cursor"), limit));
});
