"use client";

import { useEffect, useState } from "react";
import { Button } from "./button";

/** Clipboard API needs a secure context; plain http on a LAN address falls back to execCommand. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

export function CopyButton({
  text,
  label,
  testId,
  disabled,
  onResult,
}: {
  text: string;
  label: string;
  testId?: string;
  disabled?: boolean;
  /** Told whether the copy worked, e.g. to offer the text for copying by hand when it did not. */
  onResult?: (copied: boolean) => void;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 1500);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <Button
      size="sm"
      data-testid={testId}
      disabled={disabled}
      onClick={async () => {
        const copied = await copyText(text).catch(() => false);
        setState(copied ? "copied" : "failed");
        onResult?.(copied);
      }}
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}</span>
    </Button>
  );
}
