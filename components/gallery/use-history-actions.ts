"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { HistoryTargets } from "@/lib/history/types";
import { historyKey, historyPagesKey, type HistoryData } from "./generation-cache";
import { withoutTargets } from "./history-edits";
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
  /** A delete the server has not answered yet: Undo waits for its answer, then restores. */
  pending?: true;
  tone?: "error";
}

/** What an undo says of a delete it stopped before it was sent: the cards come back with the refetch. */
const NOT_SENT: VerbOutcome = { message: "Restored" };

/** A delete on its way to the server; `undone` once the user asked to take it back. */
interface InFlightDelete {
  outcome: Promise<VerbOutcome>;
  undone: boolean;
}

/**
 * Favourite, delete and undo for the gallery, and the toast that says what happened (with the
 * undo after a delete).
 */
export function useHistoryActions() {
  const client = useQueryClient();
  const [notice, setNotice] = useState<GalleryNotice | null>(null);
  // The undo reads these at the moment of the key press, not as of the last render.
  const noticeNow = useRef<GalleryNotice | null>(null);
  useLayoutEffect(() => {
    noticeNow.current = notice;
  }, [notice]);
  const inFlightDelete = useRef<InFlightDelete | null>(null);
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
    const timer = setTimeout(() => setNotice((current) => (current?.id === notice.id ? null : current)), notice.undo || notice.pending ? UNDO_MS : NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const setFavorite = useCallback(
    async (generationId: string, imageId: string, favorite: boolean) => report(await (await loadVerbs()).favorite(client, generationId, imageId, favorite)),
    [client, report],
  );

  // The cards leave at once, so the undo must too: pressed before the server answered, it waits
  // for that answer and restores what was deleted, and the "Deleted" toast never shows. Nothing
  // waits for the verbs' chunk (compiled on first use by the dev server): the cards leave and the
  // undo is armed in this very call, and an undo that comes before the chunk sends no delete at all.
  const remove = useCallback(
    async (targets: Required<HistoryTargets>, { includeFavorites = false } = {}) => {
      client.setQueriesData<HistoryData>({ queryKey: historyPagesKey }, (data) => (data ? withoutTargets(data, targets, { includeFavorites }) : data));
      const deletion: InFlightDelete = { outcome: Promise.resolve(NOT_SENT), undone: false };
      deletion.outcome = loadVerbs().then((verbs) => {
        if (!deletion.undone) return verbs.remove(client, targets, includeFavorites);
        // "Restored" once the cards are back: a slow refetch must not leave the toast saying it first.
        return client.invalidateQueries({ queryKey: historyKey }).then(() => NOT_SENT);
      });
      inFlightDelete.current = deletion;
      show("Deleting…", { pending: true });
      const outcome = await deletion.outcome;
      if (inFlightDelete.current === deletion) inFlightDelete.current = null;
      if (!deletion.undone) report(outcome);
    },
    [client, report, show],
  );

  const canUndo = useCallback(() => Boolean(inFlightDelete.current || noticeNow.current?.undo), []);

  const undo = useCallback(async () => {
    const deletion = inFlightDelete.current;
    let targets = noticeNow.current?.undo;
    if (deletion) {
      deletion.undone = true;
      inFlightDelete.current = null;
      show("Undoing…");
      const outcome = await deletion.outcome;
      // A delete that failed or deleted nothing has nothing to undo; say what happened instead.
      if (!outcome.undo) {
        report(outcome);
        return false;
      }
      targets = outcome.undo;
    }
    if (!targets) return false;
    setNotice(null);
    report(await (await loadVerbs()).restore(client, targets));
    return true;
  }, [client, report, show]);

  return { notice, show, dismiss, setFavorite, remove, undo, canUndo };
}
