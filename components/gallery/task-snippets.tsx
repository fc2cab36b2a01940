"use client";

import { useRef, useState } from "react";
import { flushSync } from "react-dom";
import { CopyButton } from "@/components/ui/copy-button";
import { preClass } from "./http-views";

type Kind = "curl" | "fetch";

const TITLES: Record<Kind, { button: string; summary: string }> = {
  curl: { button: "Copy as cURL", summary: "cURL" },
  fetch: { button: "Copy as TypeScript", summary: "TypeScript (fetch)" },
};

/**
 * "Copy as cURL / TypeScript" of a task's exact request. Where the browser refuses the clipboard
 * (plain http), the snippet opens with its text selected, to copy by hand.
 */
export function TaskSnippets({ curl, fetch, keyEnvVar }: { curl: string; fetch: string; keyEnvVar: string }) {
  const texts: Record<Kind, string> = { curl, fetch };
  const [open, setOpen] = useState<Record<Kind, boolean>>({ curl: false, fetch: false });
  const [manual, setManual] = useState<Kind | null>(null);
  const pres = { curl: useRef<HTMLPreElement>(null), fetch: useRef<HTMLPreElement>(null) };

  const offerByHand = (kind: Kind) => {
    // Open synchronously, so the text is rendered before it is selected.
    flushSync(() => {
      setOpen((o) => ({ ...o, [kind]: true }));
      setManual(kind);
    });
    const pre = pres[kind].current;
    const selection = window.getSelection();
    if (!pre || !selection) return;
    pre.focus();
    const range = document.createRange();
    range.selectNodeContents(pre);
    selection.removeAllRanges();
    selection.addRange(range);
  };

  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap gap-2">
        {(["curl", "fetch"] as const).map((kind) => (
          <CopyButton
            key={kind}
            text={texts[kind]}
            label={TITLES[kind].button}
            testId={`copy-${kind}`}
            onResult={(copied) => (copied ? setManual(null) : offerByHand(kind))}
          />
        ))}
      </div>
      {manual ? (
        <p role="status" className="text-xs text-amber-300/90">
          The browser blocked the clipboard: the {TITLES[manual].summary} snippet is selected below, press Ctrl+C (⌘C).
        </p>
      ) : null}
      {(["curl", "fetch"] as const).map((kind) => (
        <details
          key={kind}
          open={open[kind]}
          onToggle={(event) => {
            const isOpen = event.currentTarget.open;
            setOpen((o) => (o[kind] === isOpen ? o : { ...o, [kind]: isOpen }));
          }}
          className="text-xs"
        >
          <summary className="text-zinc-400 hover:text-zinc-200 focus-visible:outline-2 focus-visible:outline-amber-400">
            {TITLES[kind].summary}
          </summary>
          <pre ref={pres[kind]} tabIndex={0} data-testid={`snippet-${kind}`} className={`mt-1 ${preClass}`}>
            {texts[kind]}
          </pre>
        </details>
      ))}
      <p className="text-[11px] text-zinc-500">
        The key is read from <code className="font-mono text-zinc-400">{keyEnvVar}</code>; it is never included.
      </p>
    </div>
  );
}
