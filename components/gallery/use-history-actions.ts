"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { HistoryTargets } from "@/lib/history/types";
import type { VerbOutcome } from "./history-verbs";

/** Long enough to notice a mistake; the server keeps deleted items restorable for longer. */
const UNDO_MS = 10_000;
const NOTICE_MS = 3_000;

/** The verbs load with their first use (or when the user reaches the gallery): the history page has a budget. */
export const loadVerbs = () => import("./history-verbs");

export interface GalleryNotice {
  id: number;
  message: string;
  /** What "Undo" restores; absent for a plain message. */
  undo?: Required<HistoryTargets>;
  tone?: "error";
}

/**
 * Favourite, delete and undo for the gallery, and the toast that says what happened (with the
 * undo after a delete).
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
  const report = useCallback((outcome: VerbOutcome | null) => {
    if (outcome) show(outcome.message, { ...(outcome.error ? { tone: "error" } : {}), ...(outcome.undo ? { undo: outcome.undo } : {}) });
  }, [show]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice((current) => (current?.id === notice.id ? null : current)), notice.undo ? UNDO_MS : NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const setFavorite = useCallback(
    async (generationId: string, imageId: string, favorite: boolean) => report(await (await loadVerbs()).favorite(client, generationId, imageId, favorite)),
    [client, report],
  );

  const remove = useCallback(
    async (targets: Required<HistoryTargets>, { includeFavorites = false } = {}) =>
      report(await (await loadVerbs()).remove(client, targets, includeFavorites)),
    [client, report],
  );

  const undo = useCallback(async () => {
    const targets = notice?.undo;
    if (!targets) return false;
    setNotice(null);
    report(await (await loadVerbs()).restore(client, targets));
    return true;
  }, [client, notice, report]);

  return { notice, show, dismiss, setFavorite, remove, undo };
}
