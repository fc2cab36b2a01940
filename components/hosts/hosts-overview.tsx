import Link from "next/link";
import { MODEL_IDS } from "@/lib/models";
import { modelName } from "@/components/gallery/format";
import type { ProviderInfo } from "@/lib/providers/registry";
import { AppHeader, navLinkClass } from "@/components/ui/app-header";
import { HostCard } from "./host-card";
import { HostsMatrix } from "./hosts-matrix";
import { ParamMatrix } from "./param-matrix";
import { TreatmentLegend } from "./treatment-badge";

const sectionTitle = "text-sm font-semibold tracking-wide text-zinc-300 uppercase";

/** The hosts page: prices and modes at a glance, what each host does with each setting, then one card per host. */
export function HostsOverview({ providers }: { providers: ProviderInfo[] }) {
  const counts = { live: 0, sandbox: 0, misconfigured: 0 };
  for (const p of providers) counts[p.mode] += 1;

  return (
    <div className="min-h-screen">
      <AppHeader title="Hosts" current="hosts">
        <span className="text-xs text-zinc-400">
          {providers.length} host{providers.length === 1 ? "" : "s"} · {counts.live} live · {counts.sandbox} sandbox
          {counts.misconfigured ? <span className="text-red-300"> · {counts.misconfigured} misconfigured</span> : null}
        </span>
        <Link href="/keys" data-testid="keys-page-link" className={navLinkClass}>
          Your keys
        </Link>
      </AppHeader>

      <main className="mx-auto max-w-[1800px] space-y-8 px-4 py-6">
        {providers.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-800 p-8 text-center text-sm text-zinc-400">No host is registered.</p>
        ) : (
          <>
            <section aria-labelledby="compare-title" className="space-y-3">
              <h2 id="compare-title" className={sectionTitle}>
                Prices and modes
              </h2>
              <p className="max-w-3xl text-sm text-zinc-400">
                The same model on every host. Prices are list prices for one image at the model&apos;s default size; badges count
                the settings a host does not take as given. Each host&apos;s card below links the page its price comes from.
              </p>
              <HostsMatrix providers={providers} />
            </section>

            <section aria-labelledby="params-title" className="space-y-3">
              <h2 id="params-title" className={sectionTitle}>
                Settings per host
              </h2>
              <p className="max-w-3xl text-sm text-zinc-400">
                ✓ means the value arrives as given (* with a remark). Each host&apos;s card below says what it does with the others.
              </p>
              {/* One model open at a time: a page of every model's matrix would be metres long on a phone. */}
              <div className="space-y-2">
                {MODEL_IDS.filter((model) => providers.some((p) => p.models.includes(model))).map((model, index) => (
                  <details key={model} open={index === 0} data-testid="param-matrix-model" data-model={model} className="group rounded-lg">
                    <summary className="cursor-pointer rounded-lg px-1 py-1.5 text-sm text-zinc-200 hover:text-zinc-50 focus-visible:outline-2 focus-visible:outline-amber-400">
                      {modelName(model)}
                      <span className="ml-2 text-xs text-zinc-400">on {providers.filter((p) => p.models.includes(model)).length} hosts</span>
                    </summary>
                    <div className="pt-2">
                      <ParamMatrix providers={providers} model={model} />
                    </div>
                  </details>
                ))}
              </div>
              <details className="rounded-lg border border-zinc-800 bg-zinc-900/40">
                <summary className="px-3 py-2 text-sm text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
                  What the badges mean
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
              <div className="grid gap-4 lg:grid-cols-2 xl:grid-cols-3">
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
