import type { CanonicalParams, FluxPro11Params, ModelId } from "@/lib/models";
import { pass, renamed, type ModelCapabilities, type ParamCapability } from "../capabilities";
import { pollImages, submitImages, type SyncImagesHost } from "../openai-images/sync";
import type { BuildContext, HttpRequest, ProviderAdapter } from "../types";
import { LUMENFALL_PATH, snapLumenfallSize, toLumenfallBody } from "./request";
import { lumenfallHttpError } from "./wire";

const host: SyncImagesHost = { name: "Lumenfall", httpError: lumenfallHttpError, requestIdHeader: "x-lumenfall-request-id" };

function buildRequests(model: ModelId, params: CanonicalParams, ctx: BuildContext): HttpRequest[] {
  // One request for the whole batch: Lumenfall takes a count (`n`).
  return [
    {
      method: "POST",
      url: `${ctx.baseUrl.replace(/\/$/, "")}${LUMENFALL_PATH}`,
      headers: { Authorization: `Bearer ${ctx.apiKey}`, "Content-Type": "application/json", accept: "application/json" },
      body: toLumenfallBody(model, params),
    },
  ];
}

const upstream = (wire: string) => ({ ...pass(wire), note: "a BFL parameter Lumenfall passes to its upstream (fal or Replicate) as given" });

/** BFL's "seed + n per image" cannot be kept: the batch is one request with one seed. */
const seed: ParamCapability = {
  ...pass("seed"),
  note: "one seed for the whole batch (n); the host reports no per-image seed",
  warn: (value, params) =>
    value !== undefined && params.num_images > 1 ? "one seed is sent for the whole batch: only the first image is known to use it (not seed + n per image)" : null,
};

const common: ModelCapabilities = {
  prompt: pass(),
  seed,
  num_images: renamed("n", "one request for the batch"),
  safety_tolerance: upstream("safety_tolerance"),
  prompt_upsampling: upstream("prompt_upsampling"),
  output_format: pass("output_format"),
  image_prompt: { ...pass("image_prompt"), note: "sent as an embedded image; Lumenfall passes it on to the model's provider (unconfirmed that every provider accepts it)" },
};

function sizeWarning(_value: unknown, params: CanonicalParams): string | null {
  const { width, height } = params as FluxPro11Params;
  const snapped = snapLumenfallSize(width, height);
  if (snapped.width === width && snapped.height === height) return null;
  return `Lumenfall only makes its supported sizes: ${width}x${height} becomes ${snapped.width}x${snapped.height} (closest aspect ratio)`;
}

const size = (note: string, warn?: ParamCapability["warn"]): ParamCapability => ({ treatment: "converted", wire: "size", note, ...(warn ? { warn } : {}) });

export const lumenfallAdapter: ProviderAdapter = {
  id: "lumenfall",
  name: "Lumenfall",
  defaultBaseUrl: "https://api.lumenfall.ai/openai/v1",
  env: { apiKey: ["LUMENFALL_API_KEY"], baseUrl: "LUMENFALL_BASE_URL" },
  docsUrl: "https://docs.lumenfall.ai/api-reference/images/generate",
  models: ["flux-pro-1.1", "flux-pro-1.1-ultra"],
  capabilities: {
    "flux-pro-1.1": {
      ...common,
      width: size("width x height as \"WxH\", snapped to the closest supported size (1024x1024, 1365x768, 1254x836...)", sizeWarning),
      height: size("sent with width as size \"WxH\""),
    },
    "flux-pro-1.1-ultra": {
      ...common,
      aspect_ratio: pass("aspect_ratio"),
      raw: upstream("raw"),
      image_prompt_strength: { ...upstream("image_prompt_strength"), note: "passed upstream, only with an image prompt" },
    },
  },
  secretHeaders: ["authorization"],
  buildRequests,
  submit: (request, ctx) => submitImages(host, request, ctx),
  poll: (handle) => pollImages(host, handle),
  pollIntervalMs: 500,
};
