import type { ComparisonDto, VoteDto } from "@/lib/compare/types";
import { isTerminal, type GenerationDto, type ImageDto } from "@/lib/jobs/types";
import { cellKeys } from "@/lib/compare/cells";
import { cellSeed } from "./comparison-cache";

export interface GridCell {
  /** The column's key in blind orders and votes: its host, or `provider@model` across models. */
  key: string;
  provider: string;
  model: string;
  seed: number;
  generation: GenerationDto | undefined;
  /** While the row is blind: "A", "B"… in the shuffled order; null once hosts show. */
  letter: string | null;
}

export interface GridRow {
  seed: number;
  /** Hosts hidden and order shuffled: a blind comparison's row without a vote. */
  blind: boolean;
  vote: VoteDto | undefined;
  cells: GridCell[];
  ended: boolean;
  /** Cells that can be voted for: succeeded with an image. */
  candidates: GenerationDto[];
}

/** Inside the grid's sideways scroll: stays at its left edge, as wide as what is visible of it. */
export const PINNED_CLASS = "sticky left-0 w-[100cqw]";

export const letterOf = (index: number) => String.fromCharCode(65 + index);

export const firstImage = (cell: GridCell): ImageDto | undefined => cell.generation?.images[0];

/**
 * Rows are seeds, columns cells (hosts, or host × model). A blind row keeps its cells in the comparison's shuffled order
 * for that seed, so the column gives nothing away; `revealed` rows (no vote possible) show hosts.
 */
export function gridRows(dto: ComparisonDto, revealed: ReadonlySet<number> = new Set()): GridRow[] {
  return dto.seeds.map((seed) => {
    const vote = dto.votes.find((v) => v.seed === seed);
    const blind = dto.blind && !vote && !revealed.has(seed);
    const keys = cellKeys(dto.cells);
    const shuffled = dto.blindOrder[String(seed)];
    const order = blind && shuffled?.length === keys.length ? shuffled : keys;
    const cells = order.flatMap((key, i) => {
      const column = dto.cells[keys.indexOf(key)];
      if (!column) return [];
      const { provider, model } = column;
      return [{ key, provider, model, seed, generation: dto.generations.find((g) => g.provider === provider && g.model === model && cellSeed(g) === seed), letter: blind ? letterOf(i) : null }];
    });
    const generations = cells.flatMap((c) => (c.generation ? [c.generation] : []));
    return {
      seed,
      blind,
      vote,
      cells,
      ended: generations.every((g) => isTerminal(g.status)),
      candidates: generations.filter((g) => g.status === "succeeded" && g.images.length > 0),
    };
  });
}

/** Row and column of a generation in the grid as shown. */
export function positionOf(rows: GridRow[], generationId: string): { row: number; col: number } | null {
  for (let row = 0; row < rows.length; row++) {
    const col = rows[row].cells.findIndex((c) => c.generation?.id === generationId);
    if (col !== -1) return { row, col };
  }
  return null;
}

export type Direction = "left" | "right" | "up" | "down";

/** The next cell with an image in a direction: across hosts within the row, or across seeds in the column. */
export function step(rows: GridRow[], generationId: string, direction: Direction): string | null {
  const at = positionOf(rows, generationId);
  if (!at) return null;
  const [dRow, dCol] = direction === "left" ? [0, -1] : direction === "right" ? [0, 1] : direction === "up" ? [-1, 0] : [1, 0];
  let { row, col } = at;
  for (;;) {
    row += dRow;
    col += dCol;
    const cell = rows[row]?.cells[col];
    if (!cell) return null;
    if (firstImage(cell) && cell.generation) return cell.generation.id;
  }
}

/** What a cell is called: its host (and model, across models), or its letter while the row is blind. */
export function cellLabel(cell: GridCell, cellName: (key: string) => string): string {
  return cell.letter ? `Image ${cell.letter}` : cellName(cell.key);
}
