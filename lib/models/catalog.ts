import { ultraOutputSize } from "./output-size";

/**
 * What pages that only show runs need to know of the models, without their zod schemas: the
 * gallery and history pages stay free of zod this way (~35 KiB of first-load JS).
 */
export const MODEL_IDS = ["flux-pro-1.1", "flux-pro-1.1-ultra"] as const;
export type ModelId = (typeof MODEL_IDS)[number];

export const MODEL_NAMES: Record<ModelId, string> = {
  "flux-pro-1.1": "FLUX 1.1 [pro]",
  "flux-pro-1.1-ultra": "FLUX 1.1 [pro] Ultra",
};

export const modelName = (id: string) => MODEL_NAMES[id as ModelId] ?? id;

/** Pixel size of each output image, as the host returns it. */
export function outputSize(model: ModelId, params: { width?: unknown; height?: unknown; aspect_ratio?: unknown }): { width: number; height: number } {
  if (model === "flux-pro-1.1-ultra") return ultraOutputSize(typeof params.aspect_ratio === "string" ? params.aspect_ratio : "16:9");
  return { width: Number(params.width), height: Number(params.height) };
}
