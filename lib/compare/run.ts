import { comparisonGenerations } from "@/lib/db/queries";
import { runGeneration } from "@/lib/jobs/runner";
import { cancelGeneration } from "@/lib/jobs/service";
import { isTerminal } from "@/lib/jobs/types";

/** Runs every cell at once: a slow or failing host never holds the others. */
export async function runComparisonCells(generations: readonly { id: string }[]): Promise<void> {
  await Promise.allSettled(generations.map((g) => runGeneration(g.id)));
}

/** Cancels every cell still running; finished cells and their images are kept. */
export async function cancelComparison(id: string, userId: string): Promise<number> {
  const { rows } = await comparisonGenerations(id);
  const open = rows.filter((g) => g.userId === userId && !isTerminal(g.status));
  await Promise.allSettled(open.map((g) => cancelGeneration(g.id, userId)));
  return open.length;
}
