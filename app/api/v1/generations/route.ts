import { after } from "next/server";
import { withIdempotencyHeader } from "@/lib/api/idempotency";
import { apiError, limitExceeded, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { runGeneration } from "@/lib/jobs/runner";
import { createGeneration, InvalidCursorError, listGenerationPage, MAX_PAGE_SIZE } from "@/lib/jobs/service";

export async function POST(request: Request) {
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const input = withIdempotencyHeader(request, json.body);
  if (!input.ok) return input.response;
  const userId = await currentUserId();
  const result = await createGeneration(input.body, userId);
  if (!result.ok) return result.limit ? limitExceeded(result.limit) : apiError(400, "invalid_request", result.message, result.issues);
  after(() => runGeneration(result.id));
  return Response.json(
    { id: result.id, status: result.status },
    { status: 202, headers: { Location: `/api/v1/generations/${result.id}`, ...(result.created ? {} : { "Idempotent-Replayed": "true" }) } },
  );
}

export async function GET(request: Request) {
  const url = new URL(request.url);
  const limitParam = url.searchParams.get("limit");
  const limit = limitParam === null ? 24 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    return apiError(400, "invalid_request", `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`, [{ path: "limit", message: `1 to ${MAX_PAGE_SIZE}` }]);
  }
  try {
    return Response.json(await listGenerationPage(await currentUserId(), url.searchParams.get("cursor"), limit));
  } catch (error) {
    if (error instanceof InvalidCursorError) return apiError(400, "invalid_request", error.message, [{ path: "cursor", message: error.message }]);
    throw error;
  }
}
