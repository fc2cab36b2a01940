import type { HistoryEntry } from "@/lib/compare/types";
import type { GenerationDto, ImageDto } from "@/lib/jobs/types";
import type { HistoryData } from "@/components/gallery/generation-cache";

/** Small history entries for the gallery's pure logic. */

export const image = (id: string, favorite = false): ImageDto => ({
  id,
  index: 0,
  url: `/api/images/${id}.jpeg`,
  thumbUrl: `/api/images/${id}.webp`,
  width: 1024,
  height: 768,
  contentType: "image/jpeg",
  bytes: 1000,
  seed: 1,
  favorite,
});

export function generation(id: string, images: ImageDto[], status: GenerationDto["status"] = "succeeded"): HistoryEntry {
  return {
    kind: "generation",
    generation: {
      id,
      model: "flux-pro-1.1",
      provider: "bfl",
      comparisonId: null,
      params: { prompt: id },
      status,
      sandbox: true,
      keySource: "sandbox",
      progress: null,
      queue: null,
      failover: [],
      servedBy: "bfl",
      notSent: [],
      attempts: [],
      images,
      cost: { estimatedUsd: 0.04, billedUsd: 0, billedSource: "sandbox", unitPriceUsd: 0.04 },
      timings: { createdAt: "2025-01-01T00:00:00Z", submittedAt: null, hostReadyAt: null, finishedAt: null, hostLatencyMs: null, totalMs: null },
      error: null,
      warnings: [],
      parent: null,
      children: [],
    },
  };
}

export function comparison(id: string, status: "running" | "succeeded" = "succeeded", images: ImageDto[] = []): HistoryEntry {
  return {
    kind: "comparison",
    comparison: {
      id,
      status,
      model: "flux-pro-1.1",
      prompt: id,
      providers: ["bfl", "fal"],
      columns: [{ model: "flux-pro-1.1", provider: "bfl" }, { model: "flux-pro-1.1", provider: "fal" }],
      seeds: [1],
      blind: false,
      createdAt: "2025-01-01T00:00:00Z",
      cells: 2,
      images: images.map((i) => ({ ...i, provider: "bfl" })),
      cost: { estimatedUsd: 0.08, billedUsd: 0 },
    },
  };
}

/** One cached history view of these entries, split into pages of `size`. */
export function historyData(entries: HistoryEntry[], size = 2): HistoryData {
  const pages = [];
  for (let i = 0; i < entries.length; i += size) {
    pages.push({ items: entries.slice(i, i + size), nextCursor: null, totals: { generations: 0, images: 0, estimatedUsd: 0, billedUsd: 0 } });
  }
  return { pages, pageParams: pages.map((_, i) => (i === 0 ? null : String(i))) };
}
