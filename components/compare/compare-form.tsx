"use client";

import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import { FormProvider, useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { carryOverParams, defaultParams, describeFields, getModel, MODEL_IDS, MODELS, type ModelId } from "@/lib/models";
import type { ProviderInfo } from "@/lib/providers/registry";
import { createComparisonAction } from "@/app/(playground)/compare/actions";
import { AppHeader } from "@/components/ui/app-header";
import { selectClass } from "@/components/ui/input-styles";
import { providersFor } from "@/components/playground/model-host-pickers";
import { FailoverPicker } from "@/components/playground/failover-picker";
import { newIdempotencyKey } from "@/components/gallery/start-run";
import { SchemaForm } from "@/components/schema-form/schema-form";
import type { FormValues, SeedLock } from "@/components/schema-form/types";
import { CompareRunBar } from "./compare-run-bar";
import { ConfirmCostDialog } from "./confirm-cost-dialog";
import { HostChecklist } from "./host-checklist";
import { parseSeeds } from "./seeds";
import { SeedsInput } from "./seeds-input";
import { useComparisonLauncher, type ComparisonFailure } from "./use-comparison-launcher";

const INITIAL_MODEL: ModelId = MODEL_IDS[0];
// Seeds are the grid's rows, so the form's own seed field is not shown.
const NO_SEED_LOCK: SeedLock = { locked: false, onLockedChange: () => {} };

/** A comparison's settings to start from (e.g. a shared one, via `/compare?share=`). */
export interface CompareInitial {
  model: ModelId;
  params: Record<string, unknown>;
  providers: string[];
  seeds: number[];
}

const knownModel = (id: string): ModelId => ((MODEL_IDS as readonly string[]).includes(id) ? (id as ModelId) : INITIAL_MODEL);

/** Compare mode's form: the model's parameters once, the hosts and seeds to run them on, then Run. */
export function CompareForm({ providers, confirmAboveUsd, initial = null }: { providers: ProviderInfo[]; confirmAboveUsd: number; initial?: CompareInitial | null }) {
  const startModel = initial ? knownModel(initial.model) : INITIAL_MODEL;
  const [model, setModel] = useState<ModelId>(startModel);
  // Unchecked rather than checked: every host is in by default, on every model.
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(() =>
    initial ? new Set(providersFor(providers, startModel).filter((h) => !initial.providers.includes(h.id)).map((h) => h.id)) : new Set(),
  );
  const [seedsText, setSeedsText] = useState(() => initial?.seeds.join(", ") ?? "");
  const [blind, setBlind] = useState(false);
  const [failoverId, setFailoverId] = useState("");
  const [seedsError, setSeedsError] = useState<string | null>(null);
  const [hostErrors, setHostErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const sentHosts = useRef<string[]>([]);

  const fields = useMemo(() => describeFields(model), [model]);
  const omit = useMemo(() => fields.filter((f) => f.ui.control === "seed" || f.ui.control === "count").map((f) => f.name), [fields]);
  const hosts = providersFor(providers, model);
  const chosen = hosts.filter((h) => h.mode !== "misconfigured" && !excluded.has(h.id));
  const parsedSeeds = parseSeeds(seedsText);
  const rows = parsedSeeds.ok ? (parsedSeeds.seeds?.length ?? 1) : 1;
  const hostName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;

  const resolver = useMemo(
    () => zodResolver(getModel(model).schema) as unknown as Resolver<FormValues, unknown, FormValues>,
    [model],
  );
  const form = useForm<FormValues, unknown, FormValues>({
    resolver,
    defaultValues: initial ? carryOverParams(initial.params, startModel) : defaultParams(INITIAL_MODEL),
    mode: "onSubmit",
    reValidateMode: "onChange",
  });

  const showFailure = (failure: ComparisonFailure) => {
    const unmatched: string[] = [];
    const byHost: Record<string, string> = {};
    let focused = false;
    for (const issue of failure.fieldErrors ?? []) {
      const param = issue.path.startsWith("params.") ? issue.path.slice("params.".length) : null;
      const host = /^providers\.(\d+)$/.exec(issue.path);
      if (param && fields.some((f) => f.name === param) && !omit.includes(param)) {
        form.setError(param, { type: "server", message: issue.message }, { shouldFocus: !focused });
        focused = true;
      } else if (host && sentHosts.current[Number(host[1])]) {
        byHost[sentHosts.current[Number(host[1])]] = issue.message;
      } else if (issue.path === "seeds" || issue.path.startsWith("seeds.")) {
        setSeedsError(issue.message);
      } else {
        unmatched.push(`${issue.path}: ${issue.message}`);
      }
    }
    setHostErrors(byHost);
    setFormError([failure.error, ...unmatched].filter(Boolean).join(" · ") || "The comparison was rejected.");
  };
  const launcher = useComparisonLauncher(showFailure);

  const pickModel = (next: ModelId) => {
    setModel(next);
    form.reset(carryOverParams(form.getValues(), next));
    setFormError(null);
    setHostErrors({});
  };

  const run = () => {
    if (launcher.busy) return;
    setFormError(null);
    setHostErrors({});
    const seeds = parseSeeds(seedsText);
    setSeedsError(seeds.ok ? null : seeds.error);
    if (chosen.length === 0) setFormError("Choose at least one host.");
    void form.handleSubmit(async (values) => {
      if (!seeds.ok || chosen.length === 0) return;
      const { seed: _seed, ...params } = values;
      const providerIds = chosen.map((h) => h.id);
      sentHosts.current = providerIds;
      // Every host row but the failover host itself moves to it if that host fails.
      const failover = hosts.some((h) => h.id === failoverId && h.mode !== "misconfigured")
        ? Object.fromEntries(providerIds.filter((id) => id !== failoverId).map((id) => [id, [failoverId]]))
        : undefined;
      // One key for the request and its confirmed resend: a double click cannot start two comparisons.
      const idempotencyKey = newIdempotencyKey();
      await launcher.launch((confirm) =>
        createComparisonAction({ model, providers: providerIds, seeds: seeds.seeds, params: { ...params, num_images: 1 }, blind, confirm, idempotencyKey, ...(failover ? { failover } : {}) }),
      );
    })();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  };

  return (
    <div className="min-h-screen">
      <AppHeader title="Compare" current="compare">
        <span className="text-xs text-zinc-400">One prompt and one set of parameters, sent to every host at once.</span>
      </AppHeader>
      <main className="mx-auto max-w-[1400px] px-4 py-6">
        <FormProvider {...form}>
          <form
            noValidate
            aria-label="Comparison settings"
            onKeyDown={onKeyDown}
            onSubmit={(event) => {
              event.preventDefault();
              run();
            }}
            className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(320px,420px)]"
          >
            <section aria-label="Parameters" className="space-y-5 rounded-xl border border-zinc-800 bg-zinc-900/30 p-4">
              <div className="space-y-1.5">
                <label htmlFor="compare-model-select" className="text-sm font-medium text-zinc-200">
                  Model
                </label>
                <select
                  id="compare-model-select"
                  data-testid="compare-model-select"
                  value={model}
                  onChange={(event) => pickModel(event.target.value as ModelId)}
                  className={selectClass}
                >
                  {MODELS.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
                <p className="text-xs text-zinc-400">{MODELS.find((m) => m.id === model)?.description}</p>
              </div>
              <hr className="border-zinc-800" />
              {initial ? (
                <p role="status" data-testid="form-notice" className="rounded-md border border-sky-900 bg-sky-950/40 p-2 text-xs text-sky-200">
                  Settings, hosts and seeds loaded from a shared comparison.
                </p>
              ) : null}
              <SchemaForm model={model} disabled={launcher.busy} seedLock={NO_SEED_LOCK} omit={omit} />
              <p className="text-xs text-zinc-400">One image per cell: the seeds are the repetitions.</p>
            </section>

            <aside aria-label="Hosts, seeds and run" className="space-y-5 self-start rounded-xl border border-zinc-800 bg-zinc-900/30 p-4 lg:sticky lg:top-4">
              <HostChecklist
                hosts={hosts}
                selected={new Set(chosen.map((h) => h.id))}
                errors={hostErrors}
                onToggle={(id, checked) =>
                  setExcluded((current) => {
                    const next = new Set(current);
                    if (checked) next.delete(id);
                    else next.add(id);
                    return next;
                  })
                }
                onAll={(checked) => setExcluded(checked ? new Set() : new Set(hosts.map((h) => h.id)))}
              />
              <SeedsInput
                value={seedsText}
                error={seedsError}
                onChange={(value) => {
                  setSeedsText(value);
                  setSeedsError(null);
                }}
              />
              <FailoverPicker
                hosts={hosts.filter((h) => h.mode !== "misconfigured")}
                value={failoverId}
                onChange={setFailoverId}
                label="If a host fails (429, 5xx, timeout), run its cells on"
              />
              <label className="flex items-start gap-2 text-sm text-zinc-200">
                <input type="checkbox" data-testid="compare-blind" checked={blind} onChange={(event) => setBlind(event.target.checked)} className="mt-0.5 size-4 accent-amber-400" />
                <span>
                  Blind
                  <span className="block text-xs text-zinc-400">Hosts hidden and shuffled per row until you vote for the best image (or a tie); votes feed the leaderboard.</span>
                </span>
              </label>
              <CompareRunBar
                hosts={chosen}
                model={model}
                rows={rows}
                confirmAboveUsd={confirmAboveUsd}
                busy={launcher.busy}
                error={formError}
              />
            </aside>
          </form>
        </FormProvider>
      </main>
      {launcher.pending ? (
        <ConfirmCostDialog estimate={launcher.pending} hostName={hostName} busy={launcher.busy} onConfirm={() => void launcher.confirm()} onCancel={launcher.dismiss} />
      ) : null}
    </div>
  );
}
