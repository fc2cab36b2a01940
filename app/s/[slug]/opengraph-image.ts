import { headers } from "next/headers";
import { connection } from "next/server";
import { listProviders } from "@/lib/providers/registry";
import { CARD_SIZE, shareCard } from "@/lib/shares/card";
import { resolveShare } from "@/lib/shares/service";

export const alt = "A generation shared from FLUX Playground";
export const size = CARD_SIZE;
export const contentType = "image/png";

const hostName = (id: string) => listProviders().find((p) => p.id === id)?.name ?? id;

/** The link's card: prompt, model, host(s), and the first image(s). */
export default async function Image({ params }: { params: Promise<{ slug: string }> }) {
  // Looked up per request: a revoked link's card answers 404 at once (caches may keep it 5 minutes).
  await connection();
  const shared = await resolveShare((await params).slug);
  if (!shared) return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  const { png, etag } = await shareCard(shared, hostName);
  if ((await headers()).get("if-none-match") === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
  return new Response(new Uint8Array(png), {
    headers: { "Content-Type": "image/png", "Content-Length": String(png.length), "Cache-Control": "public, max-age=300", ETag: etag },
  });
}
