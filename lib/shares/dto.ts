import type { ComparisonDto } from "@/lib/compare/types";
import type { GenerationDto } from "@/lib/jobs/types";
import type { Share } from "@/lib/db/schema";
import { STORED_IMAGE_PATTERN } from "@/lib/models/fields";
import type { PublicComparisonDto, PublicGenerationDto, ShareDto } from "./types";

// Fields are picked, never omitted: a field added to the owner's DTO later stays private until
// someone decides to share it.

export function toPublicGeneration(g: GenerationDto): PublicGenerationDto {
  return {
    model: g.model,
    provider: g.provider,
    params: g.params,
    notSent: g.notSent,
    status: g.status,
    sandbox: g.sandbox,
    images: g.images.map((i) => ({ index: i.index, url: i.url, thumbUrl: i.thumbUrl, width: i.width, height: i.height, contentType: i.contentType, bytes: i.bytes, seed: i.seed })),
    cost: g.cost,
    timings: g.timings,
    error: g.error,
    warnings: g.warnings,
    editedFrom: g.parent && typeof g.params.input_image === "string" && STORED_IMAGE_PATTERN.test(g.params.input_image) ? { url: g.params.input_image } : null,
  };
}

export function toPublicComparison(c: ComparisonDto): PublicComparisonDto {
  return {
    model: c.model,
    params: c.params,
    providers: c.providers,
    columns: c.cells,
    seeds: c.seeds,
    status: c.status,
    createdAt: c.createdAt,
    cost: c.cost,
    wallMs: c.wallMs,
    cells: c.generations.map(toPublicGeneration),
  };
}

export const sharePath = (slug: string) => `/s/${slug}`;

export function toShareDto(row: Share): ShareDto {
  return { slug: row.slug, path: sharePath(row.slug), createdAt: row.createdAt.toISOString() };
}
