"use client";

import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import { FormProvider, useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { carryOverParams, defaultParams, describeFields, getModel, MODEL_IDS, MODELS, type ModelId } from "@/lib/models";
import { cellNamer } from "@/lib/compare/cells";
import type { ProviderInfo } from "@/lib/providers/registry";
import { createComparisonAction } from "@/app/(playground)/compare/actions";
import { AppHeader } from "@/components/ui/app-header";
import { selectClass } from "@/components/ui/input-styles";
import { FailoverPicker } from "@/components/playground/failover-picker";
import { newIdempotencyKey } from "@/components/gallery/start-run";
import { SchemaForm } from "@/components/schema-form/schema-form";
import type { FormValues, SeedLock } from "@/components/schema-form/types";
import { CellNotes } from "./cell-notes";
import type { FormCell } from "./compare-estimate";
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
  /** Its columns when they vary the model: the models after the first are checked too. */
  columns?: { model: ModelId; provider: string }[];
  seeds: number[];
}

/** The models compared beside the first: each adds a column per chosen host that serves it. */
function ModelPicker({ model, chosen, onChange }: { model: ModelId; chosen: ReadonlySet<ModelId>; onChange: (next: ReadonlySet<ModelId>) => void }) {
  return (
    <fieldset data-testid="compare-models" className="space-y-1">
      <legend className="text-sm font-medium text-zinc-200">Compare with other models</legend>
      <p className="text-xs text-zinc-400">Each adds its hosts as columns. The parameters below are shared: a model gets those it takes, and each cell says what its model does not.</p>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {MODELS.filter((m) => m.id !== model).map((m) => (
          <label key={m.id} className="flex items-center gap-1.5 text-sm text-zinc-200">
            <input
              type="checkbox"
              data-testid={`compare-model-${m.id}`}
              checked={chosen.has(m.id)}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(m.id);
                else next.delete(m.id);
                onChange(next);
              }}
              className="size-4 accent-amber-400"
            />
            {m.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const knownModel = (id: string): ModelId => ((MODEL_IDS as readonly string[]).includes(id) ? (id as ModelId) : INITIAL_MODEL);

/** Compare mode's form: the model's parameters once, the hosts and seeds to run them on, then Run. */
export function CompareForm({ providers, confirmAboveUsd, initial = null }: { providers: ProviderInfo[]; confirmAboveUsd: number; initial?: CompareInitial | null }) {
  const startModel = initial ? knownModel(initial.model) : INITIAL_MODEL;
  const [model, setModel] = useState<ModelId>(startModel);
  // Models compared beside the first (whose form holds the shared parameters): none by default.
  const [moreModels, setMoreModels] = useState<ReadonlySet<ModelId>>(() => new Set((initial?.columns ?? []).map((c) => knownModel(c.model)).filter((m) => m !== startModel)));
  // Unchecked rather than checked: every host is in by default, on every model.
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(() =>
    initial ? new Set(providers.filter((h) => !initial.providers.includes(h.id)).map((h) => h.id)) : new Set(),
  );
  const [seedsText, setSeedsText] = useState(() => initial?.seeds.join(", ") ?? "");
  const [blind, setBlind] = useState(false);
  const [failoverId, setFailoverId] = useState("");
  const [seedsError, setSeedsError] = useState<string | null>(null);
  const [hostErrors, setHostErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const sentHosts = useRef<string[]>([]);
  const sentCells = useRef<string[]>([]);

  const fields = useMemo(() => describeFields(model), [model]);
  const omit = useMemo(() => fields.filter((f) => f.ui.control === "seed" || f.ui.control === "count").map((f) => f.name), [fields]);
  const models = [model, ...MODEL_IDS.filter((m) => m !== model && moreModels.has(m))];
  // Every host serving one of the models; a host is a cell on each chosen model it serves.
  const hosts = providers.filter((p) => models.some((m) => p.models.includes(m)));
  const chosen = hosts.filter((h) => h.mode !== "misconfigured" && !excluded.has(h.id));
  const cells: FormCell[] = models.flatMap((m) => chosen.filter((h) => h.models.includes(m)).map((provider) => ({ provider, model: m })));
  const acrossModels = models.length > 1;
  const parsedSeeds = parseSeeds(seedsText);
  const rows = parsedSeeds.ok ? (parsedSeeds.seeds?.length ?? 1) : 1;
  const hostName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  const cellName = cellNamer(hostName, (id) => MODELS.find((m) => m.id === id)?.name ?? id, model);

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
      const cell = /^cells\.(\d+)\.provider$/.exec(issue.path);
      if (param && fields.some((f) => f.name === param) && !omit.includes(param)) {
        form.setError(param, { type: "server", message: issue.message }, { shouldFocus: !focused });
        focused = true;
      } else if (host && sentHosts.current[Number(host[1])]) {
        byHost[sentHosts.current[Number(host[1])]] = issue.message;
      } else if (cell && sentCells.current[Number(cell[1])]) {
        byHost[sentCells.current[Number(cell[1])]] = issue.message;
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
    if (cells.length === 0) setFormError("Choose at least one host.");
    void form.handleSubmit(async (values) => {
      if (!seeds.ok || cells.length === 0) return;
      const { seed: _seed, ...params } = values;
      const providerIds = chosen.map((h) => h.id);
      sentHosts.current = providerIds;
      sentCells.current = cells.map((c) => c.provider.id);
      // Every host row but the failover host itself moves to it if that host fails (where it serves
      // every model that host runs here).
      const target = hosts.find((h) => h.id === failoverId && h.mode !== "misconfigured");
      const covered = (id: string) => cells.every((c) => c.provider.id !== id || target!.models.includes(c.model));
      const failover = target ? Object.fromEntries(providerIds.filter((id) => id !== failoverId && covered(id)).map((id) => [id, [failoverId]])) : undefined;
      // One key for the request and its confirmed resend: a double click cannot start two comparisons.
      const idempotencyKey = newIdempotencyKey();
      // One model: the form comparisons always had. Across models: its cells.
      const columns = acrossModels ? { cells: cells.map((c) => ({ model: c.model, provider: c.provider.id })) } : { model, providers: providerIds };
      await launcher.launch((confirm) =>
        createComparisonAction({ ...columns, seeds: seeds.seeds, params: { ...params, num_images: 1 }, blind, confirm, idempotencyKey, ...(failover && Object.keys(failover).length ? { failover } : {}) }),
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
              <ModelPicker model={model} chosen={moreModels} onChange={setMoreModels} />
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
              {acrossModels ? <CellNotes cells={cells} /> : null}
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
                cells={cells}
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
        <ConfirmCostDialog estimate={launcher.pending} hostName={cellName} busy={launcher.busy} onConfirm={() => void launcher.confirm()} onCancel={launcher.dismiss} />
      ) : null}
    </div>
  );
}
