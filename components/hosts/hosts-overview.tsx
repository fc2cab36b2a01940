import Link from "next/link";
import { MODEL_IDS } from "@/lib/models";
import type { ProviderInfo } from "@/lib/providers/registry";
import { HostCard } from "./host-card";
import { HostsMatrix } from "./hosts-matrix";
import { ParamMatrix } from "./param-matrix";
import { TreatmentLegend } from "./treatment-badge";

const sectionTitle = "text-sm font-semibold tracking-wide text-zinc-300 uppercase";

/** The hosts page: a comparison first, then one card per host with the detail behind it. */
export function HostsOverview({ providers }: { providers: ProviderInfo[] }) {
  const counts = { live: 0, sandbox: 0, misconfigured: 0 };
  for (const p of providers) counts[p.mode] += 1;

  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-800 bg-zinc-950/80 backdrop-blur">
        <div className="mx-auto flex max-w-[1800px] flex-wrap items-center gap-3 px-4 py-3">
          <h1 className="text-lg font-semibold tracking-tight">
            FLUX <span className="text-amber-400">Hosts</span>
          </h1>
          <span className="text-xs text-zinc-400">
            {providers.length} host{providers.length === 1 ? "" : "s"} · {counts.live} live · {counts.sandbox} sandbox
            {counts.misconfigured ? <span className="text-red-300"> · {counts.misconfigured} misconfigured</span> : null}
          </span>
          <Link
            href="/keys"
            data-testid="keys-page-link"
            className="ml-auto rounded-md px-2 py-1 text-sm text-zinc-300 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400"
          >
            Your keys
          </Link>
          <Link
            href="/"
            data-testid="playground-link"
            className="rounded-md px-2 py-1 text-sm text-zinc-300 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400"
          >
            ← Playground
          </Link>
        </div>
      </header>

      <main className="mx-auto max-w-[1800px] space-y-8 px-4 py-6">
        {providers.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-800 p-8 text-center text-sm text-zinc-500">No host is registered.</p>
        ) : (
          <>
            <section aria-labelledby="compare-title" className="space-y-3">
              <h2 id="compare-title" className={sectionTitle}>
                Compare
              </h2>
              <p className="max-w-3xl text-sm text-zinc-400">
                The same model on every host. Prices are list prices for one image at the model&apos;s default size (the
                lowest in amber); badges count the parameters a host does not take as given.
              </p>
              <HostsMatrix providers={providers} />
            </section>

            <section aria-labelledby="params-title" className="space-y-3">
              <h2 id="params-title" className={sectionTitle}>
                Parameters per host
              </h2>
              <p className="max-w-3xl text-sm text-zinc-400">
                ✓ means the value arrives as given (* with a remark). Hover a cell for the host&apos;s field and the note; each
                host&apos;s card below spells them out.
              </p>
              <div className="grid gap-4 xl:grid-cols-2">
                {MODEL_IDS.map((model) => (
                  <ParamMatrix key={model} providers={providers} model={model} />
                ))}
              </div>
              <details className="rounded-lg border border-zinc-800 bg-zinc-900/40">
                <summary className="px-3 py-2 text-sm text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
                  What the treatments mean
                </summary>
                <div className="border-t border-zinc-800 px-3 py-3">
                  <TreatmentLegend />
                </div>
              </details>
            </section>

            <section aria-labelledby="hosts-title" className="space-y-3">
              <h2 id="hosts-title" className={sectionTitle}>
                Hosts
              </h2>
              <div className="grid gap-4 xl:grid-cols-2">
                {providers.map((provider) => (
                  <HostCard key={provider.id} provider={provider} />
                ))}
              </div>
            </section>
          </>
        )}
      </main>
    </div>
  );
}
