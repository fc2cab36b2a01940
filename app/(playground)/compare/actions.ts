"use server";

import { after } from "next/server";
import { currentUserId } from "@/lib/auth/current-user";
import { cancelComparison, runComparisonCells } from "@/lib/compare/run";
import { createComparison, rerunComparison, voteOnComparison, type ComparisonEstimate } from "@/lib/compare/service";
import type { ComparisonDto } from "@/lib/compare/types";
import type { LimitFailure } from "@/lib/limits/service";

export type ComparisonActionResult =
  | { ok: true; id: string }
  | { ok: false; error: string; fieldErrors?: { path: string; message: string }[]; needsConfirmation?: ComparisonEstimate; limit?: LimitFailure };

/** Compare mode's "Run": every host × seed cell stored, then run at once in the background. */
export async function createComparisonAction(input: unknown): Promise<ComparisonActionResult> {
  const result = await createComparison(input, await currentUserId());
  if (!result.ok) return { ok: false, error: result.message, fieldErrors: result.issues, needsConfirmation: result.needsConfirmation, limit: result.limit };
  after(() => runComparisonCells(result.generations));
  return { ok: true, id: result.id };
}

export async function rerunComparisonAction(id: string, input: { seeds?: number[]; confirm?: boolean }): Promise<ComparisonActionResult> {
  const result = await rerunComparison(id, input, await currentUserId());
  if (!result) return { ok: false, error: `No comparison ${id}` };
  if (!result.ok) return { ok: false, error: result.message, fieldErrors: result.issues, needsConfirmation: result.needsConfirmation, limit: result.limit };
  after(() => runComparisonCells(result.generations));
  return { ok: true, id: result.id };
}

export async function voteAction(id: string, input: { seed: number; winnerGenerationId: string | null }): Promise<{ ok: true; comparison: ComparisonDto } | { ok: false; error: string }> {
  const result = await voteOnComparison(id, input, await currentUserId());
  return result.ok ? { ok: true, comparison: result.comparison } : { ok: false, error: result.message };
}

export async function cancelComparisonAction(id: string): Promise<{ ok: boolean }> {
  await cancelComparison(id, await currentUserId());
  return { ok: true };
}
