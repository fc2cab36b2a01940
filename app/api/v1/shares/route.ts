import { apiError, readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { createShare, listShares, shareUrl } from "@/lib/shares/service";

const errorCode = (status: 400 | 404) => (status === 404 ? "not_found" : "invalid_request");

/** `{ "generationId" }` or `{ "comparisonId" }` (one of your own) → 201 `{ slug, url }`: a new public link, on APP_URL's origin. */
export async function POST(request: Request) {
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const result = await createShare(json.body, await currentUserId());
  if (!result.ok) return apiError(result.status, errorCode(result.status), result.message, result.issues);
  const url = shareUrl(result.share.path);
  return Response.json({ slug: result.share.slug, url }, { status: 201, headers: { Location: url } });
}

/** `?generationId=` or `?comparisonId=`: your unrevoked links to that item, newest first. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const query = Object.fromEntries(["generationId", "comparisonId"].flatMap((k) => (url.searchParams.has(k) ? [[k, url.searchParams.get(k)]] : [])));
  const result = await listShares(query, await currentUserId());
  if (!result.ok) return apiError(result.status, errorCode(result.status), result.message, result.issues);
  return Response.json({ shares: result.shares.map((s) => ({ ...s, url: shareUrl(s.path) })) });
}
