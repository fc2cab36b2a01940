import { Readable } from "node:stream";
import { apiError } from "@/lib/api/respond";
import { currentUserId } from "@/lib/auth/current-user";
import { historyJsonStream, historyZip } from "@/lib/history/export";
import { filterFromSearchParams } from "@/lib/history/filter-schema";

const FORMATS = ["json", "zip"] as const;

/** `?format=json|zip&<filter>`: the history (or the filtered part) as a download, streamed. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "json";
  if (!(FORMATS as readonly string[]).includes(format)) {
    return apiError(400, "invalid_request", `format must be one of: ${FORMATS.join(", ")}`, [{ path: "format", message: "json or zip" }]);
  }
  const filter = filterFromSearchParams(url.searchParams);
  if (!filter.ok) return apiError(400, "invalid_request", filter.message, filter.issues);
  const userId = await currentUserId();
  const name = `flux-history-${new Date().toISOString().slice(0, 10)}.${format}`;
  const headers = { "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" };
  if (format === "zip") {
    const body = Readable.toWeb(historyZip(userId, filter.filter, url.origin)) as ReadableStream<Uint8Array>;
    return new Response(body, { headers: { ...headers, "Content-Type": "application/zip" } });
  }
  const body = Readable.toWeb(historyJsonStream(userId, filter.filter, url.origin)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}
