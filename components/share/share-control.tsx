"use client";

import { useState } from "react";
import { revokeShareAction, shareAction } from "@/app/(playground)/actions";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/input-styles";

type Target = { generationId: string } | { comparisonId: string };

/**
 * "Share": makes (or finds) the item's public link, shows it with Copy and Revoke. A revoked link
 * answers 404 at once; sharing again makes a new one.
 */
export function ShareControl({ target, testId }: { target: Target; testId: string }) {
  const [link, setLink] = useState<{ slug: string; url: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "error" | "status"; text: string } | null>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch {
      setMessage({ kind: "error", text: "Could not reach the server." });
    } finally {
      setBusy(false);
    }
  };

  const share = () =>
    run(async () => {
      const result = await shareAction(target);
      if (!result.ok) return setMessage({ kind: "error", text: result.error });
      setLink({ slug: result.slug, url: result.url });
    });

  const revoke = (slug: string) =>
    run(async () => {
      const result = await revokeShareAction(slug);
      if (!result.ok) return setMessage({ kind: "error", text: result.error ?? "Could not revoke the link." });
      setLink(null);
      setMessage({ kind: "status", text: "Link revoked: it no longer opens." });
    });

  return (
    <div className="flex flex-wrap items-center gap-2">
      {link ? null : (
        <Button size="sm" data-testid={testId} disabled={busy} onClick={() => void share()} title="A public, read-only link: anyone with it sees the images and parameters">
          {busy ? "Sharing…" : "Share"}
        </Button>
      )}
      {link ? (
        <>
          <input
            readOnly
            aria-label="Share link"
            data-testid="share-link"
            value={link.url}
            onFocus={(event) => event.currentTarget.select()}
            className={`${inputClass} h-7 w-72 max-w-full font-mono text-xs`}
          />
          <CopyButton text={link.url} label="Copy link" testId="share-copy" />
          <a href={link.url} target="_blank" rel="noreferrer" className="text-xs text-amber-300/90 underline-offset-2 hover:underline">
            Open
          </a>
          <Button size="sm" variant="danger" data-testid="share-revoke" disabled={busy} onClick={() => void revoke(link.slug)}>
            Revoke
          </Button>
        </>
      ) : null}
      {message ? (
        <p role={message.kind === "error" ? "alert" : "status"} data-testid={message.kind === "error" ? "share-error" : "share-status"} className={`w-full text-xs ${message.kind === "error" ? "text-red-300" : "text-zinc-400"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
