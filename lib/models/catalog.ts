import { kontextOutputSize, ultraOutputSize } from "./output-size";

/**
 * The models, one row each, without their zod schemas (those are in lib/models/<id>.ts): pages that
 * only show runs (gallery, history, share) read this and stay free of zod (~35 KiB of first-load JS).
 * A model is its row here and its schema file, registered in lib/models/index.ts; everything else
 * (ids, params types, hosts' lists) is derived.
 */
export type ModelFamily = "flux-1" | "flux-1.1" | "flux-2";
/** text-to-image: a prompt makes an image; edit: a prompt changes an input image. */
export type ModelKind = "text-to-image" | "edit";
type SizeParams = { width?: unknown; height?: unknown; aspect_ratio?: unknown };

interface ModelFacts {
  id: string;
  name: string;
  family: ModelFamily;
  kind: ModelKind;
  /** Pixel size of each output image, as the host returns it. */
  outputSize: (params: SizeParams) => { width: number; height: number };
}

const sizeFromWidthHeight = (params: SizeParams) => ({ width: Number(params.width), height: Number(params.height) });

export const MODEL_FACTS = [
  { id: "flux-pro-1.1", name: "FLUX 1.1 [pro]", family: "flux-1.1", kind: "text-to-image", outputSize: sizeFromWidthHeight },
  {
    id: "flux-pro-1.1-ultra",
    name: "FLUX 1.1 [pro] Ultra",
    family: "flux-1.1",
    kind: "text-to-image",
    outputSize: (params) => ultraOutputSize(typeof params.aspect_ratio === "string" ? params.aspect_ratio : "16:9"),
  },
  { id: "flux-dev", name: "FLUX.1 [dev]", family: "flux-1", kind: "text-to-image", outputSize: sizeFromWidthHeight },
  { id: "flux-schnell", name: "FLUX.1 [schnell]", family: "flux-1", kind: "text-to-image", outputSize: sizeFromWidthHeight },
  {
    id: "flux-kontext-pro",
    name: "FLUX.1 Kontext [pro]",
    family: "flux-1",
    kind: "edit",
    outputSize: (params) => kontextOutputSize(typeof params.aspect_ratio === "string" ? params.aspect_ratio : undefined),
  },
  { id: "flux-2-pro", name: "FLUX.2 [pro]", family: "flux-2", kind: "text-to-image", outputSize: sizeFromWidthHeight },
] as const satisfies readonly ModelFacts[];

export type ModelId = (typeof MODEL_FACTS)[number]["id"];
export const MODEL_IDS = MODEL_FACTS.map((model) => model.id) as [ModelId, ...ModelId[]];

/** The facts of one model, its id's literal type kept. */
export function modelFacts<M extends ModelId>(id: M): Extract<(typeof MODEL_FACTS)[number], { id: M }> {
  const facts = MODEL_FACTS.find((model) => model.id === id);
  if (!facts) throw new Error(`Unknown model ${id}`);
  return facts as Extract<(typeof MODEL_FACTS)[number], { id: M }>;
}

export const MODEL_NAMES = Object.fromEntries(MODEL_FACTS.map((model) => [model.id, model.name])) as Record<ModelId, string>;

export const modelName = (id: string) => MODEL_NAMES[id as ModelId] ?? id;

/** Pixel size of each output image, as the host returns it. */
export function outputSize(model: ModelId, params: SizeParams): { width: number; height: number } {
  return modelFacts(model).outputSize(params);
}
