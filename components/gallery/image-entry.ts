import type { GenerationDto, ImageDto } from "@/lib/jobs/types";

/** One image of a single run: what the detail view shows and the grid's keys act on. */
export interface ImageEntry {
  generation: GenerationDto;
  image: ImageDto;
}

/** The image's own seed, else the one the run asked for. */
export const seedOf = ({ generation, image }: ImageEntry): number | null =>
  image.seed ?? (typeof generation.params.seed === "number" ? generation.params.seed : null);
