import { ImageResponse } from "next/og";
import { connection } from "next/server";
import { listProviders } from "@/lib/providers/registry";
import { resolveShare } from "@/lib/shares/service";
import { shareSummary } from "@/lib/shares/summary";
import { cardImages } from "@/lib/shares/card-images";

export const alt = "A generation shared from FLUX Playground";
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";

const hostName = (id: string) => listProviders().find((p) => p.id === id)?.name ?? id;

/** The link's card: prompt, model, host(s), and the first image(s) as small JPEG data URLs. */
export default async function Image({ params }: { params: Promise<{ slug: string }> }) {
  // Per request, never cached: a revoked link's card must answer 404 at once.
  await connection();
  const shared = await resolveShare((await params).slug);
  if (!shared) return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  const { prompt, model, hosts } = shareSummary(shared, hostName);
  const images = await cardImages(shared);
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", background: "#09090b", color: "#f4f4f5", fontFamily: "sans-serif" }}>
        <div style={{ flex: 1, display: "flex", flexDirection: "column", justifyContent: "space-between", padding: 56 }}>
          <div style={{ display: "flex", fontSize: 30, fontWeight: 700 }}>
            FLUX&nbsp;<span style={{ color: "#fbbf24" }}>Playground</span>
          </div>
          <div style={{ display: "flex", fontSize: prompt.length > 140 ? 34 : 44, lineHeight: 1.25, maxHeight: 330, overflow: "hidden" }}>
            {prompt ? `“${prompt.length > 220 ? `${prompt.slice(0, 219)}…` : prompt}”` : "No prompt"}
          </div>
          <div style={{ display: "flex", flexDirection: "column", gap: 8, fontSize: 26, color: "#a1a1aa" }}>
            <div style={{ display: "flex", color: "#fbbf24" }}>{model}</div>
            <div style={{ display: "flex" }}>{hosts.length > 4 ? `${hosts.slice(0, 4).join(" · ")} +${hosts.length - 4}` : hosts.join(" · ")}</div>
          </div>
        </div>
        {images.length > 0 ? (
          <div style={{ width: 520, height: "100%", display: "flex", flexWrap: "wrap", background: "#18181b" }}>
            {images.map((src, i) => (
              // eslint-disable-next-line @next/next/no-img-element
              <img key={i} src={src} alt="" width={images.length === 1 ? 520 : 260} height={images.length === 1 ? 630 : 315} style={{ objectFit: "cover" }} />
            ))}
          </div>
        ) : null}
      </div>
    ),
    { ...size, headers: { "Cache-Control": "no-store" } },
  );
}
