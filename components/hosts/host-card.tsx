import type { ProviderInfo } from "@/lib/providers/registry";
import { modelName } from "@/components/gallery/format";
import { CapabilityTable } from "./capability-table";
import { hostAnchor } from "./host-facts";
import { HostSetup } from "./host-setup";
import { KeySourceBadge } from "./key-source";
import { ModeBadge } from "./mode-badge";
import { PriceRules } from "./price-rules";

const sectionTitle = "mb-1.5 text-xs font-semibold tracking-wide text-zinc-400 uppercase";

/** Everything known about one host: mode, how to go live, models, prices and what it does with each param. */
export function HostCard({ provider }: { provider: ProviderInfo }) {
  const titleId = `${hostAnchor(provider.id)}-title`;
  return (
    <article
      id={hostAnchor(provider.id)}
      data-testid="host-card"
      data-provider={provider.id}
      data-mode={provider.mode}
      aria-labelledby={titleId}
      className="min-w-0 scroll-mt-4 space-y-4 rounded-xl border border-zinc-800 bg-zinc-900/60 p-4"
    >
      <header className="flex flex-wrap items-center gap-2">
        <h2 id={titleId} className="text-base font-semibold">
          {provider.name}
        </h2>
        <ModeBadge mode={provider.mode} testId="host-mode" />
        <KeySourceBadge provider={provider} testId="host-key-source" besideMode />
        <code className="font-mono text-xs text-zinc-500">{provider.id}</code>
        {provider.docsUrl ? (
          <a
            href={provider.docsUrl}
            target="_blank"
            rel="noreferrer"
            className="ml-auto text-xs text-amber-300/90 underline-offset-2 hover:underline"
          >
            API docs ↗
          </a>
        ) : null}
      </header>

      {provider.mode === "misconfigured" && provider.problem ? (
        <p data-testid="host-problem" className="rounded-md border border-red-900 bg-red-950/40 p-2 text-xs text-red-200">
          {provider.problem}
        </p>
      ) : null}

      <HostSetup provider={provider} />

      <section aria-label={`Models on ${provider.name}`}>
        <h3 className={sectionTitle}>Models</h3>
        <ul className="flex flex-wrap gap-1.5">
          {provider.models.map((model) => (
            <li key={model} className="rounded-md border border-zinc-700 px-2 py-0.5 text-xs text-zinc-300">
              {modelName(model)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-label={`Prices on ${provider.name}`}>
        <h3 className={sectionTitle}>Prices</h3>
        <PriceRules rules={provider.prices} />
      </section>

      {provider.models.map((model) => {
        const capabilities = provider.capabilities[model];
        return (
          <section key={model} aria-label={`${modelName(model)} parameters on ${provider.name}`}>
            <h3 className={sectionTitle}>{modelName(model)}: parameters</h3>
            {capabilities ? (
              <CapabilityTable model={model} capabilities={capabilities} caption={`How ${provider.name} takes each parameter of ${modelName(model)}`} />
            ) : (
              <p className="text-xs text-zinc-500">Not described for this host.</p>
            )}
          </section>
        );
      })}
    </article>
  );
}
