import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/** The app's own 404: the brand, what is missing in plain words, and a way into the playground. */
export function NotFoundPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-800 bg-zinc-950/80">
        <div className="mx-auto flex max-w-[1600px] items-center gap-3 px-4 py-3">
          <Link href="/" className="text-lg font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-amber-400">
            FLUX <span className="text-amber-400">Playground</span>
          </Link>
        </div>
      </header>
      <main data-testid="not-found" className="mx-auto max-w-xl space-y-4 px-4 py-16 text-center">
        <p className="text-sm font-semibold tracking-wide text-amber-400">404</p>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <div className="space-y-2 text-sm text-zinc-300">{children}</div>
        <div className="pt-2">
          <Link href="/" data-testid="not-found-playground" className={buttonClass("primary", "md")}>
            Open the playground
          </Link>
        </div>
      </main>
    </div>
  );
}
