"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import type { ComparisonActionResult } from "@/app/(playground)/compare/actions";
import { historyKey } from "@/components/gallery/generation-cache";

export type ComparisonFailure = Extract<ComparisonActionResult, { ok: false }>;
export type ComparisonEstimate = NonNullable<ComparisonFailure["needsConfirmation"]>;
type Send = (confirm: boolean) => Promise<ComparisonActionResult>;

/**
 * Starts a comparison (new or re-run) through its server action. Above the confirmation amount
 * the server answers with its estimate: the same request is kept and sent again, confirmed, only
 * after the user says so. On success the grid opens; other failures go to `onFailure`.
 */
export function useComparisonLauncher(onFailure: (failure: ComparisonFailure) => void) {
  const router = useRouter();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ estimate: ComparisonEstimate; send: Send } | null>(null);

  const attempt = async (send: Send, confirm: boolean) => {
    setBusy(true);
    let result: ComparisonActionResult;
    try {
      result = await send(confirm);
    } catch (error) {
      setBusy(false);
      setPending(null);
      onFailure({ ok: false, error: `Could not start the comparison: ${error instanceof Error ? error.message : "the server did not answer"}.` });
      return;
    }
    if (result.ok) {
      setPending(null);
      void client.invalidateQueries({ queryKey: historyKey });
      // Still busy until the grid replaces this page: a second click would start another comparison.
      router.push(`/compare/${encodeURIComponent(result.id)}`);
      return;
    }
    setBusy(false);
    if (result.needsConfirmation && !confirm) {
      setPending({ estimate: result.needsConfirmation, send });
      return;
    }
    setPending(null);
    onFailure(result);
  };

  return {
    busy,
    pending: pending?.estimate ?? null,
    launch: (send: Send) => attempt(send, false),
    confirm: () => (pending ? attempt(pending.send, true) : Promise.resolve()),
    dismiss: () => setPending(null),
  };
}
