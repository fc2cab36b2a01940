import { isUltra, type CanonicalParams, type ModelId } from "@/lib/models";
import { dropped, pass, renamed, type ParamCapability } from "../capabilities";
import { pollImages, submitImages, type SyncImagesHost } from "../openai-images/sync";
import type { BuildContext, HttpRequest, ProviderAdapter } from "../types";
import { safetyWarning, TOGETHER_PATH, toTogetherBody } from "./request";
import { togetherHttpError } from "./wire";

const host: SyncImagesHost = { name: "Together", httpError: togetherHttpError };

function buildRequests(model: ModelId, params: CanonicalParams, ctx: BuildContext): HttpRequest[] {
  if (isUltra(model)) throw new Error("Together does not serve FLUX 1.1 [pro] Ultra");
  // One request for the whole batch: Together takes a count (`n`).
  return [
    {
      method: "POST",
      url: `${ctx.baseUrl.replace(/\/$/, "")}${TOGETHER_PATH}`,
      headers: { Authorization: `Bearer ${ctx.apiKey}`, "Content-Type": "application/json", accept: "application/json" },
      body: toTogetherBody(params),
    },
  ];
}

const seed: ParamCapability = {
  ...pass("seed"),
  note: "one seed for the whole batch (n); Together reports no per-image seed",
  warn: (value, params) =>
    value !== undefined && params.num_images > 1 ? "one seed is sent for the whole batch: only the first image is known to use it (not seed + n per image)" : null,
};

export const togetherAdapter: ProviderAdapter = {
  id: "together",
  name: "Together AI",
  defaultBaseUrl: "https://api.together.xyz",
  env: { apiKey: ["TOGETHER_API_KEY"], baseUrl: "TOGETHER_BASE_URL" },
  docsUrl: "https://docs.together.ai/reference/post-images-generations",
  models: ["flux-pro-1.1"],
  capabilities: {
    "flux-pro-1.1": {
      prompt: pass(),
      width: pass("width"),
      height: pass("height"),
      seed,
      num_images: renamed("n", "one request for the batch (1 to 4)"),
      safety_tolerance: {
        treatment: "converted",
        wire: "disable_safety_checker",
        note: "Together's checker is on or off: 0-4 keep it on, 5-6 turn it off",
        warn: (value) => (typeof value === "number" ? safetyWarning(value) : null),
      },
      prompt_upsampling: dropped("Together has no prompt upsampling for FLUX 1.1 [pro]: not sent"),
      output_format: pass("output_format"),
      // UNVERIFIED that Together takes data: URLs in image_url.
      image_prompt: renamed("image_url", "sent as an embedded image (unconfirmed that Together accepts one there)"),
    },
  },
  secretHeaders: ["authorization"],
  buildRequests,
  submit: (request, ctx) => submitImages(host, request, ctx),
  poll: (handle) => pollImages(host, handle),
  pollIntervalMs: 500,
};
