"use server";

import { after } from "next/server";
import { currentUserId } from "@/lib/auth/current-user";
import { cancelComparison, runComparisonCells } from "@/lib/compare/run";
import { createComparison, rerunComparison, voteOnComparison, type ComparisonEstimate } from "@/lib/compare/service";
import type { ComparisonDto } from "@/lib/compare/types";
import type { LimitFailure } from "@/lib/limits/service";
import { checkedByService, idArgument, validatedAction } from "@/lib/validation/action";

export type ComparisonActionResult =
  | { ok: true; id: string }
  | { ok: false; error: string; fieldErrors?: { path: string; message: string }[]; needsConfirmation?: ComparisonEstimate; limit?: LimitFailure };

const comparisonId = idArgument("A comparison");

/** Compare mode's "Run": every host × seed cell stored, then run at once in the background. */
export const createComparisonAction = validatedAction(["input"], [checkedByService<unknown>()], async (input): Promise<ComparisonActionResult> => {
  const result = await createComparison(input, await currentUserId());
  if (!result.ok) return { ok: false, error: result.message, fieldErrors: result.issues, needsConfirmation: result.needsConfirmation, limit: result.limit };
  after(() => runComparisonCells(result.generations));
  return { ok: true, id: result.id };
});

/** "Run again" (new seeds unless given); the comparison's own settings. */
export const rerunComparisonAction = validatedAction(["id", "input"], [comparisonId, checkedByService<{ seeds?: number[]; confirm?: boolean; blind?: boolean }>()], async (id, input): Promise<ComparisonActionResult> => {
  const result = await rerunComparison(id, input, await currentUserId());
  if (!result) return { ok: false, error: `No comparison ${id}` };
  if (!result.ok) return { ok: false, error: result.message, fieldErrors: result.issues, needsConfirmation: result.needsConfirmation, limit: result.limit };
  after(() => runComparisonCells(result.generations));
  return { ok: true, id: result.id };
});

export const voteAction = validatedAction(["id", "vote"], [comparisonId, checkedByService<{ seed: number; winnerGenerationId: string | null }>()], async (id, vote): Promise<{ ok: true; comparison: ComparisonDto } | { ok: false; error: string }> => {
  const result = await voteOnComparison(id, vote, await currentUserId());
  return result.ok ? { ok: true, comparison: result.comparison } : { ok: false, error: result.message };
});

export const cancelComparisonAction = validatedAction(["id"], [comparisonId], async (id): Promise<{ ok: boolean }> => {
  await cancelComparison(id, await currentUserId());
  return { ok: true };
});
