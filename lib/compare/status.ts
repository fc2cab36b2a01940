import { isTerminal, type GenerationDto } from "@/lib/jobs/types";
import type { ComparisonStatus } from "./types";

/** A comparison's state from its cells (client-safe: the server's DTO and the client's cache both use it). */
export function comparisonStatus(cells: Pick<GenerationDto, "status">[]): ComparisonStatus {
  // Cells are stored with their comparison in one transaction: one without any (left by an older
  // version whose creation failed half-way) will never run, so it has failed rather than "running".
  if (cells.length === 0) return "failed";
  if (cells.some((c) => !isTerminal(c.status))) return "running";
  if (cells.every((c) => c.status === "succeeded")) return "succeeded";
  if (cells.every((c) => c.status === "canceled")) return "canceled";
  return cells.some((c) => c.status === "succeeded") ? "partial" : "failed";
}

/**
 * Created to the last cell's end, once every cell has ended; null while any runs. Client-safe: the
 * page shows it from the cells it already has, without waiting for the server's figure.
 */
export function comparisonWallMs(createdAt: string, cells: Pick<GenerationDto, "status" | "timings">[]): number | null {
  if (comparisonStatus(cells) === "running") return null;
  const ends = cells.map((c) => c.timings.finishedAt).filter((t): t is string => t !== null).map(Date.parse);
  const start = Date.parse(createdAt);
  return ends.length === 0 || !Number.isFinite(start) ? null : Math.max(...ends) - start;
}
