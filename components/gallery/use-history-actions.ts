"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { deleteFromHistoryAction, restoreToHistoryAction, setFavoriteAction } from "@/app/(playground)/history/actions";
import type { HistoryTargets } from "@/lib/history/types";
import type { GenerationDto, ImageDto } from "@/lib/jobs/types";
import { describeDeletion } from "./format";
import { generationKey, historyKey, type HistoryData } from "./generation-cache";
import { setFavoriteIn, withFavorite, withoutTargets } from "./history-edits";

/** Long enough to notice a mistake; the server keeps deleted items restorable for longer. */
const UNDO_MS = 10_000;
const NOTICE_MS = 3_000;

export interface GalleryNotice {
  id: number;
  message: string;
  /** What "Undo" restores; absent for a plain message. */
  undo?: Required<HistoryTargets>;
  tone?: "error";
}

const unreachable = (what: string) => `Could not ${what}: the server did not answer.`;

/**
 * Favourite, delete and undo for the gallery: the cache changes at once (every history view), the
 * server confirms, and the toast says what happened and offers the undo.
 */
export function useHistoryActions() {
  const client = useQueryClient();
  const [notice, setNotice] = useState<GalleryNotice | null>(null);
  const nextId = useRef(0);

  const show = useCallback((message: string, extra: Omit<GalleryNotice, "id" | "message"> = {}) => {
    nextId.current += 1;
    setNotice({ id: nextId.current, message, ...extra });
  }, []);
  const dismiss = useCallback(() => setNotice(null), []);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice((current) => (current?.id === notice.id ? null : current)), notice.undo ? UNDO_MS : NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const editHistory = useCallback(
    (edit: (data: HistoryData) => HistoryData) => client.setQueriesData<HistoryData>({ queryKey: historyKey }, (data) => (data ? edit(data) : data)),
    [client],
  );
  // Totals and positions come back from the server; items the server kept (favourites) reappear.
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: historyKey }), [client]);

  const setFavorite = useCallback(
    async (generationId: string | null, image: Pick<ImageDto, "id">, favorite: boolean) => {
      const apply = (value: boolean) => {
        editHistory((data) => withFavorite(data, image.id, value));
        if (generationId) client.setQueryData<GenerationDto>(generationKey(generationId), (g) => (g ? setFavoriteIn(g, image.id, value) : g));
      };
      await client.cancelQueries({ queryKey: historyKey });
      apply(favorite);
      const result = await setFavoriteAction(image.id, favorite).catch(() => ({ ok: false as const, error: unreachable("save the favourite") }));
      // The server's word, also over a list refetch that raced the click.
      apply(result.ok ? result.image.favorite : !favorite);
      if (!result.ok) show(result.error, { tone: "error" });
    },
    [client, editHistory, show],
  );

  const remove = useCallback(
    async (targets: Required<HistoryTargets>, { includeFavorites = false } = {}) => {
      // A refetch already on its way would bring the items back for a moment.
      await client.cancelQueries({ queryKey: historyKey });
      editHistory((data) => withoutTargets(data, targets, { includeFavorites }));
      const result = await deleteFromHistoryAction({ ...targets, ...(includeFavorites ? { includeFavorites: true } : {}) }).catch(() => ({
        ok: false as const,
        error: unreachable("delete"),
      }));
      refresh();
      if (!result.ok) return show(result.error, { tone: "error" });
      const deleted = result.result.deleted;
      const anything = deleted.imageIds.length + deleted.generationIds.length + deleted.comparisonIds.length > 0;
      show(describeDeletion(targets, result.result), anything ? { undo: deleted } : {});
    },
    [client, editHistory, refresh, show],
  );

  const undo = useCallback(async () => {
    const targets = notice?.undo;
    if (!targets) return false;
    setNotice(null);
    const result = await restoreToHistoryAction(targets).catch(() => ({ ok: false as const, error: unreachable("undo") }));
    refresh();
    if (!result.ok) show(result.error, { tone: "error" });
    else show("Restored");
    return true;
  }, [notice, refresh, show]);

  return { notice, show, dismiss, setFavorite, remove, undo };
}
