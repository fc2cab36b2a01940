import type { ProviderInfo } from "@/lib/providers/registry";
import { modelName } from "@/components/gallery/format";
import { hostAnchor, settingDifferences } from "./host-facts";
import { CapabilityTable } from "./capability-table";
import { CardBody } from "./card-body";
import { HostSetup } from "./host-setup";
import { KeySourceBadge } from "./key-source";
import { ModeBadge, modeMeaning } from "./mode-badge";
import { PriceRules } from "./price-rules";
import { TreatmentBadge } from "./treatment-badge";

const sectionTitle = "mb-1.5 text-xs font-semibold tracking-wide text-zinc-300 uppercase";

const FIRST_DIFFERENCES = 4;

function DifferenceList({ differences, provider, testId }: { differences: ReturnType<typeof settingDifferences>; provider: ProviderInfo; testId: string }) {
  return (
    <ul data-testid={testId} className="space-y-1 text-xs">
      {differences.map(({ param, label, capability, models }) => (
        <li key={`${param}-${models.join()}`} className="flex flex-wrap items-baseline gap-x-1.5">
          <span className="text-zinc-200">{label}</span>
          <TreatmentBadge treatment={capability.treatment} />
          {capability.note ? <span className="text-zinc-400">{capability.note}</span> : null}
          {models.length < provider.models.length ? <span className="text-zinc-400">({models.map(modelName).join(", ")} only)</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The settings a host does not take as given, once for all its models; the full tables wait behind a disclosure. */
function HostSettings({ provider }: { provider: ProviderInfo }) {
  const differences = settingDifferences(provider);
  const titleId = `${hostAnchor(provider.id)}-settings`;
  return (
    <section aria-labelledby={titleId} className="space-y-1.5">
      <h4 id={titleId} className={sectionTitle}>
        Settings
      </h4>
      {differences.length ? (
        <>
          <DifferenceList differences={differences.slice(0, FIRST_DIFFERENCES)} provider={provider} testId="host-differences" />
          {differences.length > FIRST_DIFFERENCES ? (
            // A host serving four models can bend a dozen settings: the first few, then the rest on demand.
            <details className="text-xs">
              <summary className="cursor-pointer text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
                {differences.length - FIRST_DIFFERENCES} more
              </summary>
              <DifferenceList differences={differences.slice(FIRST_DIFFERENCES)} provider={provider} testId="host-differences-more" />
            </details>
          ) : null}
        </>
      ) : null}
      <p className="text-xs text-zinc-400">{differences.length ? "Every other setting is sent as given." : "Every setting is sent as given."}</p>
      <details className="text-xs">
        <summary className="cursor-pointer text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
          All settings and the host&apos;s field names
        </summary>
        {provider.models.map((model) => {
          const capabilities = provider.capabilities[model];
          return (
            <div key={model} className="mt-2 space-y-1">
              <h5 className="font-medium text-zinc-300">{modelName(model)}</h5>
              {capabilities ? (
                <CapabilityTable model={model} capabilities={capabilities} caption={`How ${provider.name} takes each setting of ${modelName(model)}`} />
              ) : (
                <p className="text-zinc-400">Not described for this host.</p>
              )}
            </div>
          );
        })}
      </details>
    </section>
  );
}

/** One host for a user: its mode, how to go live, its prices with their source, what it does with each setting. */
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
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h3 id={titleId} className="text-base font-semibold">
            {provider.name}
          </h3>
          <ModeBadge mode={provider.mode} testId="host-mode" />
          <KeySourceBadge provider={provider} testId="host-key-source" besideMode />
          {provider.docsUrl ? (
            <a href={provider.docsUrl} target="_blank" rel="noreferrer" className="ml-auto text-xs text-amber-300 underline-offset-2 hover:underline">
              API docs ↗
            </a>
          ) : null}
        </div>
        <p className="text-xs text-zinc-400">{modeMeaning(provider.mode)}</p>
      </header>

      {provider.mode === "misconfigured" && provider.problem ? (
        <p data-testid="host-problem" className="rounded-md border border-red-900 bg-red-950/40 p-2 text-xs text-red-200">
          {provider.problem}
        </p>
      ) : null}

      <CardBody
        anchor={hostAnchor(provider.id)}
        summary={
          <summary className="cursor-pointer text-xs text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
            Setup, prices and settings
            <span className="text-zinc-400">
              {" "}
              · {provider.models.length} model{provider.models.length === 1 ? "" : "s"}
            </span>
          </summary>
        }
      >
        <HostSetup provider={provider} />

        <section aria-labelledby={`${titleId}-prices`}>
          <h4 id={`${titleId}-prices`} className={sectionTitle}>
            Prices
          </h4>
          <PriceRules rules={provider.prices} />
        </section>

        <HostSettings provider={provider} />
      </CardBody>
    </article>
  );
}
