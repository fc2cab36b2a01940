"use server";

import { currentUserId } from "@/lib/auth/current-user";
import { deleteHistoryItems, favoriteImage, restoreHistoryItems } from "@/lib/history/service";
import type { DeleteResult, HistoryTargets, RestoreResult } from "@/lib/history/types";
import type { ImageDto } from "@/lib/jobs/types";
import { checkedByService, idArgument, validatedAction } from "@/lib/validation/action";

type Failed = { ok: false; error: string };

export const setFavoriteAction = validatedAction(
  ["imageId", "favorite"],
  [idArgument("An image"), checkedByService<boolean>()],
  async (imageId, favorite): Promise<{ ok: true; image: ImageDto } | Failed> => {
    const outcome = await favoriteImage(imageId, { favorite }, await currentUserId());
    return outcome.ok ? { ok: true, image: outcome.image } : { ok: false, error: outcome.message };
  },
);

/** Hides the items at once; favourites are spared unless `includeFavorites`. Undo with restoreToHistoryAction. */
export const deleteFromHistoryAction = validatedAction(["input"], [checkedByService<HistoryTargets & { includeFavorites?: boolean }>()], async (input): Promise<{ ok: true; result: DeleteResult } | Failed> => {
  const outcome = await deleteHistoryItems(input, await currentUserId());
  return outcome.ok ? { ok: true, result: outcome.result } : { ok: false, error: outcome.message };
});

export const restoreToHistoryAction = validatedAction(["input"], [checkedByService<HistoryTargets>()], async (input): Promise<{ ok: true; result: RestoreResult } | Failed> => {
  const outcome = await restoreHistoryItems(input, await currentUserId());
  return outcome.ok ? { ok: true, result: outcome.result } : { ok: false, error: outcome.message };
});
