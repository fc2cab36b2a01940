import Link from "next/link";
import type { HostKeyStatus } from "@/lib/keys/overview";
import { KeyRow } from "./key-row";

const linkClass =
  "rounded-md px-2 py-1 text-sm text-zinc-300 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400";

/** The Keys page: every host, the user's own key for it (masked), set / replace / delete, and its balance. */
export function KeysView({ hosts }: { hosts: HostKeyStatus[] }) {
  const own = hosts.filter((h) => h.key).length;
  return (
    <div className="min-h-screen" data-testid="keys-page">
      <header className="border-b border-zinc-800 bg-zinc-950/80 backdrop-blur">
        <div className="mx-auto flex max-w-[1800px] flex-wrap items-center gap-3 px-4 py-3">
          <h1 className="text-lg font-semibold tracking-tight">
            FLUX <span className="text-amber-400">Keys</span>
          </h1>
          <span data-testid="keys-count" className="text-xs text-zinc-400">
            {own} of {hosts.length} hosts with your own key
          </span>
          <nav aria-label="Sections" className="ml-auto flex gap-1">
            <Link href="/hosts" className={linkClass}>
              Hosts
            </Link>
            <Link href="/" data-testid="playground-link" className={linkClass}>
              ← Playground
            </Link>
          </nav>
        </div>
      </header>

      <main className="mx-auto max-w-4xl space-y-4 px-4 py-6">
        <p className="text-sm text-zinc-400">
          Your own API key for a host: your runs there use it and are billed to your account at that host. Without it, runs
          use the server&apos;s key when it is shared, else the host&apos;s sandbox. Keys are encrypted at rest (AES-256-GCM),
          never shown again after saving (only their last 4 characters) and never sent to the browser.
        </p>
        <ul className="space-y-3">
          {hosts.map((host) => (
            <KeyRow key={host.id} host={host} />
          ))}
        </ul>
      </main>
    </div>
  );
}
