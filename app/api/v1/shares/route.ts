import { readJson } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { createShare, listShares, shareUrl } from "@/lib/shares/service";

/** `{ "generationId" }` or `{ "comparisonId" }` (one of your own) → 201 `{ slug, url }`: a new public link, on APP_URL's origin. */
export const POST = route(async (request: Request) => {
  const result = await createShare(await readJson(request), await currentUserId());
  if (!result.ok) throw AppError.fromFailure("share", result);
  const url = shareUrl(result.share.path);
  return Response.json({ slug: result.share.slug, url }, { status: 201, headers: { Location: url } });
});

/** `?generationId=` or `?comparisonId=`: your unrevoked links to that item, newest first. */
export const GET = route(async (request: Request) => {
  const url = new URL(request.url);
  const query = Object.fromEntries(["generationId", "comparisonId"].flatMap((k) => (url.searchParams.has(k) ? [[k, url.searchParams.get(k)]] : [])));
  const result = await listShares(query, await currentUserId());
  if (!result.ok) throw AppError.fromFailure("share", result);
  return Response.json({ shares: result.shares.map((s) => ({ ...s, url: shareUrl(s.path) })) });
});
