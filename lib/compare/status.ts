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
