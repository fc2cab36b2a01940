"use server";

import { currentUserId } from "@/lib/auth/current-user";
import { deleteHistoryItems, favoriteImage, restoreHistoryItems } from "@/lib/history/service";
import type { DeleteResult, HistoryTargets, RestoreResult } from "@/lib/history/types";
import type { ImageDto } from "@/lib/jobs/types";

type Failed = { ok: false; error: string };

export async function setFavoriteAction(imageId: string, favorite: boolean): Promise<{ ok: true; image: ImageDto } | Failed> {
  const outcome = await favoriteImage(imageId, { favorite }, await currentUserId());
  return outcome.ok ? { ok: true, image: outcome.image } : { ok: false, error: outcome.message };
}

/** Hides the items at once; favourites are spared unless `includeFavorites`. Undo with restoreToHistoryAction. */
export async function deleteFromHistoryAction(input: HistoryTargets & { includeFavorites?: boolean }): Promise<{ ok: true; result: DeleteResult } | Failed> {
  const outcome = await deleteHistoryItems(input, await currentUserId());
  return outcome.ok ? { ok: true, result: outcome.result } : { ok: false, error: outcome.message };
}

export async function restoreToHistoryAction(input: HistoryTargets): Promise<{ ok: true; result: RestoreResult } | Failed> {
  const outcome = await restoreHistoryItems(input, await currentUserId());
  return outcome.ok ? { ok: true, result: outcome.result } : { ok: false, error: outcome.message };
}
