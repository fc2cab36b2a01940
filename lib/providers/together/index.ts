import type { ModelId, ParamsOf } from "@/lib/models";
import { defineHost } from "../define-host";
import { pollImages, submitImages, type SyncImagesHost } from "../dialects/openai-images/sync";
import type { BuildContext, HttpRequest } from "../types";
import { TOGETHER_MODELS } from "./models";
import { TOGETHER_PATH, toTogetherBody } from "./request";
import { togetherHttpError } from "./wire";

const host: SyncImagesHost = { name: "Together", httpError: togetherHttpError };

function buildRequests<M extends ModelId>(model: M, params: ParamsOf<M>, ctx: BuildContext): HttpRequest[] {
  // One request for the whole batch: Together takes a count (`n`).
  return [
    {
      method: "POST",
      url: `${ctx.baseUrl.replace(/\/$/, "")}${TOGETHER_PATH}`,
      headers: { Authorization: `Bearer ${ctx.apiKey}`, "Content-Type": "application/json", accept: "application/json" },
      body: toTogetherBody(model, params),
    },
  ];
}

export const togetherAdapter = defineHost({
  id: "together",
  serves: TOGETHER_MODELS,
  secretHeaders: ["authorization"],
  buildRequests,
  submit: (request, ctx) => submitImages(host, request, ctx),
  poll: (handle) => pollImages(host, handle),
  pollIntervalMs: 500,
});
