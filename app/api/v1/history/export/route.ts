import { Readable } from "node:stream";
import { currentUserId } from "@/lib/auth/current-user";
import { AppError, route } from "@/lib/errors";
import { historyJsonStream, historyZip } from "@/lib/history/export";
import { filterOf } from "@/lib/history/http";

const FORMATS = ["json", "zip"] as const;

/** `?format=json|zip&<filter>`: the history (or the filtered part) as a download, streamed. */
export const GET = route(async (request: Request) => {
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "json";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new AppError("bad_request:history", `format must be one of: ${FORMATS.join(", ")}`, { issues: [{ path: "format", message: "json or zip" }] });
  }
  const filter = filterOf(url.searchParams);
  const userId = await currentUserId();
  const name = `flux-history-${new Date().toISOString().slice(0, 10)}.${format}`;
  const headers = { "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" };
  if (format === "zip") {
    const body = Readable.toWeb(historyZip(userId, filter, url.origin)) as ReadableStream<Uint8Array>;
    return new Response(body, { headers: { ...headers, "Content-Type": "application/zip" } });
  }
  const body = Readable.toWeb(historyJsonStream(userId, filter, url.origin)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
});
