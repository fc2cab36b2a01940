import type { ModelId, ParamsOf } from "@/lib/models";
import { defineHost } from "../define-host";
import { imagesEditRequest } from "../dialects/openai-images/edit";
import { pollImages, submitImages, type SyncImagesHost } from "../dialects/openai-images/sync";
import type { BuildContext, HttpRequest } from "../types";
import { LUMENFALL_MODELS } from "./models";
import { LUMENFALL_PATH, lumenfallModel, toLumenfallBody } from "./request";
import { lumenfallHttpError } from "./wire";

const host: SyncImagesHost = { name: "Lumenfall", httpError: lumenfallHttpError, requestIdHeader: "x-lumenfall-request-id" };

function buildRequests<M extends ModelId>(model: M, params: ParamsOf<M>, ctx: BuildContext): HttpRequest[] {
  // One request for the whole batch: Lumenfall takes a count (`n`).
  const body = toLumenfallBody(model, params);
  // An edit is OpenAI's images/edits: multipart, the input image a file part (PROVIDERS-MODELS.md §3).
  if (lumenfallModel(model).edit || lumenfallModel(model).editWhen?.(params)) return [imagesEditRequest(ctx.baseUrl, ctx.apiKey, body as typeof body & { image: string | string[] })];
  return [
    {
      method: "POST",
      url: `${ctx.baseUrl.replace(/\/$/, "")}${LUMENFALL_PATH}`,
      headers: { Authorization: `Bearer ${ctx.apiKey}`, "Content-Type": "application/json", accept: "application/json" },
      body,
    },
  ];
}

export const lumenfallAdapter = defineHost({
  id: "lumenfall",
  serves: LUMENFALL_MODELS,
  secretHeaders: ["authorization"],
  buildRequests,
  submit: (request, ctx) => submitImages(host, request, ctx),
  poll: (handle) => pollImages(host, handle),
  pollIntervalMs: 500,
});
