import { createHash, randomUUID } from "node:crypto";
import { anonymousFrom, faultSpecFrom, latencyFrom, parseFaultSpec, takeFault, type FaultSpec } from "../faults";
import { json, startRender } from "../results";
import { loadTask, notePoll, saveTask } from "../task-store";
import { z } from "zod";
import { CONTENT_TYPES, invalidFields, outputOf, replicateFlux2Input, replicateProInput, replicateUltraInput, type OutputExt, type ReplicateInput } from "../dialects/replicate-input";
import { markReplayed, type StageOf } from "../ledger";

/**
 * Emulator of Apiframe's v2 image API (PROVIDERS.md F), mounted at /api/sandbox/apiframe and
 * standing for https://api.apiframe.ai. Submit answers 202 `{jobId, status: "QUEUED"}`; the job
 * goes QUEUED → PROCESSING (progress 0..100) → COMPLETED with `result` and `creditCost`. An
 * `Idempotency-Key` seen before returns the job it created. `fluxParams` are checked against
 * Replicate's schema, which they mirror (F.2).
 *
 * Faults (x-sandbox-fault header or SANDBOX_FAULT; `name*N` for the first N requests):
 * - at submit: `auth` (401 "Invalid API key"), `inactive_key` (403), `credits` (402),
 *   `rate_limit` (429 + Retry-After), `server_error` (500), `unavailable` (503), `validation`
 *   (422), `malformed` / `malformed_submit` (a garbled 202 body), `hang_submit` (never answers);
 * - during the job: `error` (FAILED), `moderated` / `content_moderated` / `request_moderated`
 *   (FAILED with a moderation text), `hang` (PROCESSING forever), `poll_500*N` /
 *   `poll_malformed*N`, `expired_result` (the image file is gone: 404).
 * Variants of what the docs leave UNVERIFIED: `result_string`, `result_image_url`,
 * `result_url_objects` (other `result` shapes than `{images: [url]}`), and `envelope_message`
 * (errors as `{message, statusCode}` instead of `{error}`).
 */
const PROVIDER = "apiframe";
const MODELS = {
  "flux-1.1-pro": { schema: replicateProInput.omit({ prompt: true }), defaultLatencyMs: 3000 },
  "flux-1.1-pro-ultra": { schema: replicateUltraInput.omit({ prompt: true }), defaultLatencyMs: 5000 },
  // Replicate's FLUX.2 schema with the prompt_upsampling switch Apiframe documents (PROVIDERS-MODELS.md §4).
  "flux-2-pro": { schema: replicateFlux2Input.omit({ prompt: true }).extend({ prompt_upsampling: z.boolean().default(false) }), defaultLatencyMs: 4000 },
} as const;
type ApiframeModel = keyof typeof MODELS;

/**
 * Credits per image. UNVERIFIED (PROVIDERS.md F.5): chosen so that at the legacy docs' $0.04 per
 * credit they come to the list prices, $0.04 and $0.06.
 */
// UNVERIFIED: Apiframe publishes no credit amount for FLUX.2; one as for 1.1 [pro].
const CREDITS_PER_IMAGE: Record<ApiframeModel, number> = { "flux-1.1-pro": 1, "flux-1.1-pro-ultra": 1.5, "flux-2-pro": 1 };
const PROMPT_MAX = 2000;
/** The FAQ's "kept about 3 months" (UNVERIFIED). */
const FILE_TTL_MS = 90 * 24 * 60 * 60_000;
const QUEUED_SHARE = 0.15;
const HANG_PROGRESS = 50;

const SUBMIT_FAULTS = ["auth", "inactive_key", "credits", "rate_limit", "server_error", "unavailable", "validation", "malformed", "malformed_submit"];
const JOB_FAULTS = ["error", "moderated", "content_moderated", "request_moderated", "hang", "poll_500", "poll_malformed", "expired_result"];
const RESULT_SHAPES = ["result_string", "result_image_url", "result_url_objects"];
const MODERATED_ERROR = "Generation failed: the prompt or the output image was flagged by content moderation (sandbox: injected)";

interface SandboxJob {
  id: string;
  model: ApiframeModel;
  prompt: string;
  /** As received, for the picture. */
  fluxParams: Record<string, unknown>;
  input: ReplicateInput;
  seed: number;
  width: number;
  height: number;
  ext: OutputExt;
  format: "jpeg" | "png" | "webp";
  createdAt: number;
  latencyMs: number;
  /** A blind comparison's cell: the picture hides the host (faults.ts, ANONYMOUS_HEADER). */
  anonymous?: boolean;
  fault: string | null;
  faultTimes: number | null;
  resultShape: string | null;
  polls: number;
}

type Spec = { key: string; faults: FaultSpec[] };

/** Errors in the envelope the spec asks for (both are seen in Apiframe's docs, F.4). */
function errorResponse(spec: Spec, status: number, message: string, headers: Record<string, string> = {}): Response {
  const envelope = spec.faults.some((f) => f.name === "envelope_message") ? { statusCode: status, message } : { error: message };
  return json(envelope, status, headers);
}

const garbled = (status: number) => new Response('{"jobId": "sandbox", "stat', { status, headers: { "content-type": "application/json" } });

function submitFault(spec: Spec, name: string | null): Response | null {
  switch (name) {
    case "auth":
      return errorResponse(spec, 401, "Invalid API key");
    case "inactive_key":
      return errorResponse(spec, 403, "API key is inactive");
    case "credits":
      return errorResponse(spec, 402, "Insufficient credits. Please top up your account to continue.");
    case "rate_limit":
      return errorResponse(spec, 429, "Too many requests. Please slow down.", { "retry-after": "2" });
    case "server_error":
      return errorResponse(spec, 500, "Internal server error (sandbox: injected)");
    case "unavailable":
      return errorResponse(spec, 503, "Service temporarily unavailable (sandbox: injected)", { "retry-after": "1" });
    case "validation":
      return errorResponse(spec, 422, "fluxParams.aspect_ratio: invalid value (sandbox: injected)");
    case "malformed":
    case "malformed_submit":
      return garbled(202);
    default:
      return null;
  }
}

function seedFor(input: ReplicateInput, id: string): number {
  if (typeof input.seed === "number") return input.seed;
  return createHash("sha256").update(id).digest().readUInt16BE(0);
}

const idempotencyRecordId = (key: string) => `idem_${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;

function failureOf(job: SandboxJob): string | null {
  if (job.fault === "error") return "Generation failed (sandbox: injected generation failure)";
  if (job.fault === "moderated" || job.fault === "content_moderated" || job.fault === "request_moderated") return MODERATED_ERROR;
  return null;
}

function renderFor(job: SandboxJob) {
  return startRender(PROVIDER, job.id, {
    width: job.width,
    height: job.height,
    format: job.format,
    prompt: job.prompt,
    seed: job.seed,
    provider: "Apiframe (sandbox)",
    model: job.model,
    params: { model: job.model, prompt: job.prompt, ...job.fluxParams },
    anonymous: job.anonymous,
  });
}

function resultOf(job: SandboxJob, url: string): unknown {
  switch (job.resultShape) {
    case "result_string":
      return url;
    case "result_image_url":
      return { imageUrl: url };
    case "result_url_objects":
      return { images: [{ url }] };
    default:
      return { images: [url] };
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The job (F.3) as it stands now; COMPLETED only once its file exists. */
async function jobBody(job: SandboxJob, baseUrl: string, now = Date.now()) {
  const elapsed = now - job.createdAt;
  const done = job.fault !== "hang" && elapsed >= job.latencyMs;
  const common = { id: job.id, model: job.model, webhookStatus: null, createdAt: iso(job.createdAt) };
  const failure = failureOf(job);
  if (done && failure) {
    // Failed jobs are refunded.
    return { ...common, status: "FAILED", progress: 100, result: null, error: failure, creditCost: 0, completedAt: iso(job.createdAt + job.latencyMs) };
  }
  if (done) {
    await renderFor(job);
    const url = `${baseUrl}/files/${job.id}.${job.ext}`;
    return { ...common, status: "COMPLETED", progress: 100, result: resultOf(job, url), error: null, creditCost: CREDITS_PER_IMAGE[job.model], completedAt: iso(job.createdAt + job.latencyMs) };
  }
  const queued = elapsed < job.latencyMs * QUEUED_SHARE;
  const progress = job.fault === "hang" ? HANG_PROGRESS : queued ? 0 : Math.min(99, Math.round((elapsed / job.latencyMs) * 100));
  return { ...common, status: queued && job.fault !== "hang" ? "QUEUED" : "PROCESSING", progress, result: null, error: null, creditCost: CREDITS_PER_IMAGE[job.model], completedAt: null };
}

function hangUntilAborted(request: Request): Promise<Response> {
  return new Promise((resolve) => {
    const answer = () => {
      clearTimeout(timer);
      resolve(json({ error: "Gateway timeout" }, 504));
    };
    const timer = setTimeout(answer, 10 * 60_000);
    request.signal.addEventListener("abort", answer, { once: true });
  });
}

type Checked = { ok: true; model: ApiframeModel; prompt: string; fluxParams: Record<string, unknown>; input: ReplicateInput } | { ok: false; response: Response };

async function checkBody(request: Request, spec: Spec): Promise<Checked> {
  let body: Record<string, unknown>;
  try {
    body = (await request.json()) as Record<string, unknown>;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
  } catch {
    return { ok: false, response: errorResponse(spec, 400, "Request body must be a JSON object") };
  }
  const { model, prompt, fluxParams = {} } = body;
  if (typeof model !== "string" || !Object.hasOwn(MODELS, model)) return { ok: false, response: errorResponse(spec, 400, `Invalid model: ${String(model)}`) };
  if (typeof prompt !== "string" || prompt.length < 1 || prompt.length > PROMPT_MAX) {
    return { ok: false, response: errorResponse(spec, 400, `prompt must be a string of 1 to ${PROMPT_MAX} characters`) };
  }
  if (!fluxParams || typeof fluxParams !== "object" || Array.isArray(fluxParams)) return { ok: false, response: errorResponse(spec, 400, "fluxParams must be an object") };
  const parsed = MODELS[model as ApiframeModel].schema.safeParse(fluxParams);
  if (!parsed.success) {
    const fields = invalidFields(parsed.error, fluxParams, "fluxParams").map((f) => `${f.field}: ${f.description}`);
    return { ok: false, response: errorResponse(spec, 422, fields.join("; ")) };
  }
  return { ok: true, model: model as ApiframeModel, prompt, fluxParams: fluxParams as Record<string, unknown>, input: { ...parsed.data, prompt } as ReplicateInput };
}

async function submit(request: Request, spec: Spec, baseUrl: string): Promise<Response> {
  const injected = submitFault(spec, takeFault(spec, SUBMIT_FAULTS));
  if (injected) return injected;
  if (takeFault(spec, ["hang_submit"])) return hangUntilAborted(request);
  const key = request.headers.get("idempotency-key");
  const replay = key ? await loadTask<{ id: string; jobId: string }>(PROVIDER, idempotencyRecordId(key)) : null;
  const replayed = replay ? await loadTask<SandboxJob>(PROVIDER, replay.jobId) : null;
  if (replayed) markReplayed(request);
  if (replayed) return json({ jobId: replayed.id, status: (await jobBody(replayed, baseUrl)).status }, 202, { "idempotent-replayed": "true" });
  const checked = await checkBody(request, spec);
  if (!checked.ok) return checked.response;
  const id = randomUUID();
  const output = outputOf(checked.input);
  const fault = spec.faults.find((f) => JOB_FAULTS.includes(f.name)) ?? null;
  const job: SandboxJob = {
    id,
    model: checked.model,
    prompt: checked.prompt,
    fluxParams: checked.fluxParams,
    input: checked.input,
    seed: seedFor(checked.input, id),
    width: output.width,
    height: output.height,
    ext: output.ext,
    format: output.format,
    createdAt: Date.now(),
    latencyMs: latencyFrom(request, MODELS[checked.model].defaultLatencyMs),
    anonymous: anonymousFrom(request),
    fault: fault?.name ?? null,
    faultTimes: fault?.times ?? null,
    resultShape: spec.faults.find((f) => RESULT_SHAPES.includes(f.name))?.name ?? null,
    polls: 0,
  };
  await saveTask(PROVIDER, job);
  if (key) await saveTask(PROVIDER, { id: idempotencyRecordId(key), jobId: id });
  if (!failureOf(job) && job.fault !== "hang") void renderFor(job).catch(() => {});
  return json({ jobId: id, status: "QUEUED" }, 202);
}

async function getJob(spec: Spec, id: string, baseUrl: string): Promise<Response> {
  const job = await loadTask<SandboxJob>(PROVIDER, id);
  if (!job || id.startsWith("idem_")) return errorResponse(spec, 404, "Job not found");
  const limited = await notePoll(PROVIDER, job);
  if (job.fault === "poll_500" && limited) return errorResponse(spec, 500, "Internal server error (sandbox: injected)");
  if (job.fault === "poll_malformed" && limited) return garbled(200);
  return json(await jobBody(job, baseUrl));
}

/** The image file: public, kept about three months. */
async function file(name: string): Promise<Response> {
  const [id, ext] = name.split(".");
  const job = id && !id.startsWith("idem_") ? await loadTask<SandboxJob>(PROVIDER, id) : null;
  const now = Date.now();
  const completedAt = job ? job.createdAt + job.latencyMs : 0;
  const expiresAt = job?.fault === "expired_result" ? completedAt : completedAt + FILE_TTL_MS;
  if (!job || ext !== job.ext || job.fault === "hang" || failureOf(job) || now < completedAt || now >= expiresAt) {
    return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });
  }
  const buffer = await renderFor(job);
  return new Response(new Uint8Array(buffer), { headers: { "content-type": CONTENT_TYPES[job.ext], "content-length": String(buffer.length) } });
}

/**
 * Handles one request. `path` is what follows the sandbox's base URL (e.g. ["v2", "jobs", "<id>"]);
 * `baseUrl` is the absolute URL standing for https://api.apiframe.ai.
 */
/** Which stage a request is, for the ledger (../ledger.ts). */
export const apiframeStage: StageOf = (method, path) => {
  if (path[0] === "files") return "download";
  if (method === "POST" && path.join("/") === "v2/images/generate") return "submit";
  return method === "GET" && path[0] === "v2" && path[1] === "jobs" && path.length === 3 ? "poll" : null;
};

export async function handleApiframeSandbox(request: Request, path: string[], baseUrl: string): Promise<Response> {
  const method = request.method.toUpperCase();
  const spec = parseFaultSpec(faultSpecFrom(request));
  if (path[0] === "files" && path.length === 2) return method === "GET" ? file(path[1]) : errorResponse(spec, 405, "Method not allowed");
  const route = path.join("/");
  const isSubmit = route === "v2/images/generate";
  const isJob = path.length === 3 && path[0] === "v2" && path[1] === "jobs";
  if (!isSubmit && !isJob) return errorResponse(spec, 404, "Not found");
  if (!request.headers.get("x-api-key")?.trim()) return errorResponse(spec, 401, "API key is required");
  if (isSubmit) return method === "POST" ? submit(request, spec, baseUrl) : errorResponse(spec, 405, "Method not allowed");
  return method === "GET" ? getJob(spec, path[2], baseUrl) : errorResponse(spec, 405, "Method not allowed");
}
