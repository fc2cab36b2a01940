import Link from "next/link";
import type { ProviderInfo } from "@/lib/providers/registry";
import { navLinkClass } from "@/components/ui/app-header";
import { ThemeToggle } from "@/components/ui/theme-toggle";

const SANDBOX_EXPLAINED =
  "Sandbox mode: no API key is set for this host, so requests go to a local emulator. Images are synthetic and nothing is billed.";

export function PlaygroundHeader({ provider }: { provider: ProviderInfo | undefined }) {
  const sandbox = provider?.mode === "sandbox";
  return (
    <header className="border-b border-zinc-800 bg-zinc-950/80 backdrop-blur">
      <div className="mx-auto flex max-w-[1800px] flex-wrap items-center gap-3 px-4 py-3">
        <h1 className="text-lg font-semibold tracking-tight">
          FLUX <span className="text-amber-400">Playground</span>
        </h1>
        {sandbox ? (
          <>
            <span
              data-testid="sandbox-badge"
              title={SANDBOX_EXPLAINED}
              aria-describedby="sandbox-explained"
              tabIndex={0}
              className="rounded-full border border-amber-500/60 bg-amber-500/10 px-2 py-0.5 text-xs font-semibold text-amber-300 focus-visible:outline-2 focus-visible:outline-amber-400"
            >
              Sandbox
            </span>
            <span id="sandbox-explained" className="text-xs text-zinc-400">
              <span className="hidden sm:inline">{provider?.name}: no API key set · synthetic images · nothing billed</span>
              <span className="sr-only sm:hidden">{SANDBOX_EXPLAINED}</span>
            </span>
          </>
        ) : null}
        <nav aria-label="Sections" className="ml-auto flex flex-wrap gap-1">
          <Link href="/history" data-testid="history-link" className={navLinkClass}>
            History
          </Link>
          <Link href="/compare" data-testid="compare-link" className={navLinkClass}>
            Compare
          </Link>
          <Link href="/leaderboard" data-testid="leaderboard-link" className={navLinkClass}>
            Leaderboard
          </Link>
          <Link href="/hosts" data-testid="hosts-link" className={navLinkClass}>
            Hosts
          </Link>
        </nav>
        <ThemeToggle />
      </div>
    </header>
  );
}
