"use client";

import Link from "next/link";
import { useEffect, useEffectEvent, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { FormProvider, useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { carryOverParams, defaultParams, describeFields, getModel, MODEL_IDS, type ModelId } from "@/lib/models";
import type { GenerationDto, ImageDto } from "@/lib/jobs/types";
import type { ProviderInfo } from "@/lib/providers/registry";
import { Gallery } from "@/components/gallery/gallery";
import { SchemaForm } from "@/components/schema-form/schema-form";
import { randomSeed } from "@/components/schema-form/seed-field";
import type { FormValues } from "@/components/schema-form/types";
import { HostNotes } from "./host-notes";
import { defaultHostFor, ModelHostPickers, providersFor } from "./model-host-pickers";
import { PlaygroundHeader } from "./playground-header";
import { RunBar } from "./run-bar";
import { FailoverPicker } from "./failover-picker";
import { useRunGeneration } from "./use-run-generation";

const INITIAL_MODEL: ModelId = MODEL_IDS[0];

/** The model "Edit with Kontext" opens the form with. */
export const EDIT_MODEL: ModelId = "flux-kontext-pro";

/** An image to edit ("Edit with Kontext"): the parent the run records, and its stored URL, the input image. */
export interface EditSource {
  imageId: string;
  url: string;
}

/** What "Reuse settings" needs of a generation: an owner's DTO or a share's public one both fit. */
export type ReusableGeneration = Pick<GenerationDto, "model" | "provider" | "params"> & { images: Pick<ImageDto, "seed">[] };

/**
 * `initialFrom`: a generation (a comparison's cell via `/?from=`, a shared one via `/?share=`) or the
 * form as submitted before hydration, whose settings the form starts with; `initialImage`: which of
 * its images gives the seed (the first by default).
 */
export function Playground({
  providers,
  initialFrom = null,
  initialImage = null,
  initialEdit = null,
  restored = false,
}: {
  providers: ProviderInfo[];
  initialFrom?: ReusableGeneration | null;
  initialImage?: Pick<ImageDto, "seed"> | null;
  /** `/?edit=<imageId>` (the history page's "Edit with Kontext"): the form opens as that image's edit. */
  initialEdit?: EditSource | null;
  /** `initialFrom` is the form as submitted natively, before the page was ready. */
  restored?: boolean;
}) {
  // The server renders the starting values too (a link's, or a native submit's): the page shows them
  // before hydration, and a submit before hydration sends them.
  const [start] = useState(() => startingPoint(providers, initialFrom, initialImage));
  const [model, setModel] = useState<ModelId>(start.model);
  const [providerId, setProviderId] = useState<string | null>(start.providerId);
  const [seedLocked, setSeedLocked] = useState(false);
  // Bumped when a whole set of values is loaded, so every input remounts with exactly those values.
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [failoverId, setFailoverId] = useState("");
  // The image being edited: recorded as the run's parent while the input image is still that image.
  const [editSource, setEditSource] = useState<EditSource | null>(null);
  const [editCount, setEditCount] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  const fields = useMemo(() => describeFields(model), [model]);
  const fieldNames = useMemo(() => fields.map((f) => f.name), [fields]);
  const seedField = fields.find((f) => f.ui.control === "seed")?.name;
  const countField = fields.find((f) => f.ui.control === "count")?.name;
  const provider = providersFor(providers, model).find((p) => p.id === providerId);
  const failoverHosts = providersFor(providers, model).filter((p) => p.id !== providerId && p.mode !== "misconfigured");

  // RHF reads the latest resolver on every render, so switching model switches the schema.
  const resolver = useMemo(
    () => zodResolver(getModel(model).schema) as unknown as Resolver<FormValues, unknown, FormValues>,
    [model],
  );
  const form = useForm<FormValues, unknown, FormValues>({
    resolver,
    defaultValues: start.values,
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const { submit, formError, setFormError } = useRunGeneration(form, fieldNames);

  const pickModel = (next: ModelId, values: Record<string, unknown>) => {
    setModel(next);
    if (!providersFor(providers, next).some((p) => p.id === providerId)) {
      setProviderId(defaultHostFor(providers, next)?.id ?? null);
    }
    const carried = carryOverParams(values, next);
    form.reset(carried);
    setFormError(null);
    return carried;
  };

  const run = () => {
    if (form.formState.isSubmitting) return;
    setNotice(null);
    setFormError(null);
    // Unlocked: a fresh seed per run, so every run records the concrete seed it used.
    if (seedField && !seedLocked) form.setValue(seedField, randomSeed(), { shouldDirty: true });
    const failover = failoverHosts.some((p) => p.id === failoverId) ? [failoverId] : [];
    void form.handleSubmit((params) => {
      const parentImageId = editSource && model === EDIT_MODEL && params.input_image === editSource.url ? editSource.imageId : undefined;
      return submit(model, provider, params, failover, parentImageId);
    })();
  };

  /** "Edit with Kontext": the edit model on a host that serves it, the image as input, the prompt empty and focused. */
  const edit = (source: EditSource) => {
    const hosts = providersFor(providers, EDIT_MODEL).filter((p) => p.mode !== "misconfigured");
    setModel(EDIT_MODEL);
    setProviderId((current) => (hosts.some((p) => p.id === current) ? current : (hosts[0]?.id ?? defaultHostFor(providers, EDIT_MODEL)?.id ?? null)));
    form.reset({ ...defaultParams(EDIT_MODEL), input_image: source.url, prompt: "" });
    setFormError(null);
    setSeedLocked(false);
    setEditSource(source);
    setNotice("Editing this image with FLUX.1 Kontext [pro]: say what to change.");
    setFormKey((k) => k + 1);
    setEditCount((n) => n + 1);
    formRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  };
  // After the form has remounted with the edit's values.
  useEffect(() => {
    if (editCount > 0) form.setFocus("prompt");
  }, [editCount, form]);

  const reuse = (generation: ReusableGeneration, image: Pick<ImageDto, "seed"> | undefined) => {
    const target = (MODEL_IDS as readonly string[]).includes(generation.model) ? generation.model : model;
    const values = { ...generation.params };
    const seed = image?.seed ?? values.seed;
    if (typeof seed === "number") values.seed = seed;
    pickModel(target, values);
    setEditSource(null);
    setNotice(`Settings loaded${typeof seed === "number" ? `, seed ${seed} locked` : ""}.`);
    if (providersFor(providers, target).some((p) => p.id === generation.provider)) setProviderId(generation.provider);
    setSeedLocked(typeof seed === "number");
    setFormKey((k) => k + 1);
    formRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  };

  // Once per page load: the link's generation is loaded like "Reuse settings" on its image.
  // An effect event: it reads the latest image and flag, and only a new `initialFrom` loads again.
  const loadedFrom = useRef<ReusableGeneration | null>(null);
  const loadInitial = useEffectEvent((from: ReusableGeneration) => {
    reuse(from, initialImage ?? from.images[0]);
    if (restored) setNotice("Your settings were kept from before the page was ready: press Run to start.");
  });
  useEffect(() => {
    if (!initialFrom || loadedFrom.current === initialFrom) return;
    loadedFrom.current = initialFrom;
    loadInitial(initialFrom);
  }, [initialFrom]);
  const loadedEdit = useRef<EditSource | null>(null);
  const loadEdit = useEffectEvent((source: EditSource) => edit(source));
  useEffect(() => {
    if (!initialEdit || loadedEdit.current === initialEdit) return;
    loadedEdit.current = initialEdit;
    loadEdit(initialEdit);
  }, [initialEdit]);

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  };

  return (
    <div className="min-h-screen">
      <PlaygroundHeader provider={provider} />
      <main className="mx-auto grid max-w-[1800px] gap-6 px-4 py-6 lg:grid-cols-[minmax(340px,420px)_minmax(0,1fr)]">
        <FormProvider {...form}>
          <form
            ref={formRef}
            // Before hydration (or without JavaScript) the browser submits natively: every field comes
            // back in the query and the page starts from it (formFromQuery), nothing typed is lost.
            action="/"
            method="get"
            noValidate
            aria-label="Generation settings"
            onKeyDown={onKeyDown}
            onSubmit={(event) => {
              event.preventDefault();
              run();
            }}
            className="scroll-mt-4 space-y-5 self-start rounded-xl border border-zinc-800 bg-zinc-900/30 p-4 lg:sticky lg:top-4 lg:max-h-[calc(100dvh-6rem)] lg:overflow-y-auto"
          >
            <ModelHostPickers
              providers={providers}
              model={model}
              providerId={provider?.id ?? null}
              onModelChange={(next) => {
                setNotice(null);
                pickModel(next, form.getValues());
              }}
              onProviderChange={setProviderId}
            />
            <hr className="border-zinc-800" />
            {notice ? (
              <p role="status" data-testid="form-notice" className="rounded-md border border-sky-900 bg-sky-950/40 p-2 text-xs text-sky-200">
                {notice}
              </p>
            ) : null}
            <SchemaForm
              key={formKey}
              model={model}
              disabled={false}
              seedLock={{ locked: seedLocked, onLockedChange: setSeedLocked }}
              capabilities={provider?.capabilities[model]}
            />
            {formError ? (
              <div
                data-testid="form-error"
                role="alert"
                className="rounded-md border border-red-900 bg-red-950/40 p-3 text-sm text-red-200"
              >
                {formError}
              </div>
            ) : null}
            <FailoverPicker hosts={failoverHosts} value={failoverId} onChange={setFailoverId} />
            <HostNotes provider={provider} model={model} />
            <RunBar model={model} provider={provider} countField={countField} submitting={form.formState.isSubmitting} />
          </form>
        </FormProvider>
        <Gallery
          providers={providers}
          onReuse={reuse}
          onEdit={(image) => edit({ imageId: image.id, url: image.url })}
          headerAction={
            <Link href="/history" data-testid="open-history" className="mr-auto text-sm text-amber-300/90 underline-offset-2 hover:underline">
              Open full history →
            </Link>
          }
        />
      </main>
    </div>
  );
}

/** The model, host and values the form starts with: the given generation's (seed from `image`), else the defaults. */
function startingPoint(providers: ProviderInfo[], from: ReusableGeneration | null, image: Pick<ImageDto, "seed"> | null) {
  const model = from && (MODEL_IDS as readonly string[]).includes(from.model) ? (from.model as ModelId) : INITIAL_MODEL;
  const hosts = providersFor(providers, model);
  const providerId = hosts.find((p) => p.id === from?.provider)?.id ?? defaultHostFor(providers, model)?.id ?? null;
  if (!from) return { model, providerId, values: defaultParams(model) };
  const seed = (image ?? from.images[0])?.seed ?? from.params.seed;
  return { model, providerId, values: carryOverParams({ ...from.params, ...(typeof seed === "number" ? { seed } : {}) }, model) };
}
