import type { ComparisonDto } from "@/lib/compare/types";
import type { GenerationDto, ImageDto } from "@/lib/jobs/types";

/** An image as a share shows it: our stored copy, no row id, no owner's favourite mark. */
export type PublicImageDto = Omit<ImageDto, "id" | "favorite">;

/**
 * A generation as anyone with the link sees it: what was made, with which parameters, where, how
 * fast and at what cost. No ids (of the row, its owner, its comparison), no lease, no sandbox
 * knobs, no idempotency key, no inspector.
 */
export type PublicGenerationDto = Pick<GenerationDto, "model" | "provider" | "params" | "notSent" | "status" | "sandbox" | "cost" | "timings" | "error" | "warnings"> & {
  images: PublicImageDto[];
  /**
   * An edit's source, as the share shows it: the input image (already part of what was shared),
   * never the parent run itself, nor the edits made since (they were not shared).
   */
  editedFrom: { url: string } | null;
};

/** A comparison as a share shows it: every cell with its host and seed, hosts always shown (no blind order, no votes). */
export type PublicComparisonDto = Pick<ComparisonDto, "model" | "params" | "providers" | "seeds" | "status" | "createdAt" | "cost" | "wallMs"> & {
  /** The columns, host × model (`cells` here are the generations, as before columns had models). */
  columns: ComparisonDto["cells"];
  cells: PublicGenerationDto[];
};

export type SharedItem =
  | { kind: "generation"; slug: string; generation: PublicGenerationDto }
  | { kind: "comparison"; slug: string; comparison: PublicComparisonDto };

/** The owner's view of one of their links. */
export interface ShareDto {
  slug: string;
  /** The page's path; the API adds the public origin (shareUrl). */
  path: string;
  createdAt: string;
}
