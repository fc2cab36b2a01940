import Link from "next/link";
import type { ReactNode } from "react";
import { ThemeToggle } from "./theme-toggle";

export type Section = "playground" | "history" | "compare" | "leaderboard" | "hosts";

const LINKS: { section: Section; href: string; label: string }[] = [
  { section: "playground", href: "/", label: "Playground" },
  { section: "history", href: "/history", label: "History" },
  { section: "compare", href: "/compare", label: "Compare" },
  { section: "leaderboard", href: "/leaderboard", label: "Leaderboard" },
  { section: "hosts", href: "/hosts", label: "Hosts" },
];

export const navLinkClass =
  "rounded-md px-2 py-1 text-sm text-zinc-300 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400 aria-[current=page]:text-amber-300";

/** The top bar of the history, compare and leaderboard pages: the title, anything beside it, and the sections. */
export function AppHeader({ title, current, children }: { title: string; current?: Section; children?: ReactNode }) {
  return (
    <header className="border-b border-zinc-800 bg-zinc-950/80 backdrop-blur">
      <div className="mx-auto flex max-w-[1800px] flex-wrap items-center gap-3 px-4 py-3">
        <h1 className="text-lg font-semibold tracking-tight">
          FLUX <span className="text-amber-400">{title}</span>
        </h1>
        {children}
        <nav aria-label="Sections" className="ml-auto flex flex-wrap gap-1">
          {LINKS.map((link) => (
            <Link key={link.section} href={link.href} data-testid={`${link.section}-link`} aria-current={link.section === current ? "page" : undefined} className={navLinkClass}>
              {link.label}
            </Link>
          ))}
        </nav>
        <ThemeToggle />
      </div>
    </header>
  );
}
