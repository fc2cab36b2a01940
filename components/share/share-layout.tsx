import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/** The frame of a public share page: read-only, no navigation into anyone's history. */
export function ShareLayout({ kind, openHref, children }: { kind: string; openHref: string; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-800 bg-zinc-950/80">
        <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-3 px-4 py-3">
          <p className="text-lg font-semibold tracking-tight">
            FLUX <span className="text-amber-400">Playground</span>
          </p>
          <span className="text-xs text-zinc-400">Shared {kind} · read-only</span>
          <Link href={openHref} data-testid="share-open-playground" className={`ml-auto ${buttonClass("primary", "sm")}`}>
            Open in playground
          </Link>
        </div>
      </header>
      <main className="mx-auto max-w-[1600px] space-y-5 px-4 py-6">{children}</main>
    </div>
  );
}
