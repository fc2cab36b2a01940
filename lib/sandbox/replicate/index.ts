import { createHash, randomBytes } from "node:crypto";
import { anonymousFrom, faultSpecFrom, latencyFrom, parseFaultSpec, takeFault } from "../faults";
import { json, startRender } from "../results";
import { loadTask, notePoll, saveTask } from "../task-store";
import {
  CONTENT_TYPES,
  invalidFields,
  outputCountOf,
  editOutputOf,
  replicateDevInput,
  replicateFlux2Input,
  replicateProInput,
  replicateSchnellInput,
  replicateKontextInput,
  replicateUltraInput,
  type InvalidField,
  type OutputExt,
  type ReplicateInput,
} from "../dialects/replicate-input";
import type { StageOf } from "../ledger";

/**
 * Emulator of Replicate's predictions API (PROVIDERS.md C), mounted at /api/sandbox/replicate and
 * standing for https://api.replicate.com. Create answers 201 with the prediction; `Prefer: wait`
 * or `wait=N` holds the request until it ends or N seconds pass (default 60), then returns it as
 * it is: `starting`/`processing` means poll `urls.get`. Output files are deleted an hour after.
 *
 * Faults (x-sandbox-fault header or SANDBOX_FAULT; `name*N` for the first N requests):
 * - at create: `auth` (401), `credits` (402), `rate_limit` (429, Retry-After + retry_after),
 *   `server_error` (500), `unavailable` (503), `validation` (422 with invalid_fields),
 *   `malformed` / `malformed_submit` (a garbled 201 body), `hang_submit` (never answers);
 * - during the prediction: `error` (failed), `moderated` / `content_moderated` /
 *   `request_moderated` (failed with Replicate's E005 text), `hang` (processing forever),
 *   `poll_500*N` / `poll_malformed*N` (500 or garbled JSON on GET), `expired_result` (the output
 *   file is already deleted: 404).
 *
 * FLUX.1 [dev] and [schnell] answer `output` as an array (`out-0.webp`...). Their checker drops
 * flagged images silently: `nsfw_some` drops the first of several outputs; the moderation faults
 * drop all, and the prediction fails with cog-flux's NSFW text, unless the input disabled the checker.
 */
const PROVIDER = "replicate";
const OWNER = "black-forest-labs";
const MODELS = {
  "flux-1.1-pro": { schema: replicateProInput, defaultLatencyMs: 3000 },
  "flux-1.1-pro-ultra": { schema: replicateUltraInput, defaultLatencyMs: 5000 },
  "flux-dev": { schema: replicateDevInput, defaultLatencyMs: 3000 },
  "flux-schnell": { schema: replicateSchnellInput, defaultLatencyMs: 1000 },
  "flux-kontext-pro": { schema: replicateKontextInput, defaultLatencyMs: 4000 },
  "flux-2-pro": { schema: replicateFlux2Input, defaultLatencyMs: 4000 },
} as const;
type ReplicateModel = keyof typeof MODELS;

const FILE_TTL_MS = 60 * 60_000;
/** Share of the run spent `starting` (queued, booting) before `processing`. */
const STARTING_SHARE = 0.2;
const MAX_WAIT_SECONDS = 60;

const CREATE_FAULTS = ["auth", "credits", "rate_limit", "server_error", "unavailable", "validation", "malformed", "malformed_submit"];
const PREDICTION_FAULTS = ["error", "moderated", "content_moderated", "request_moderated", "nsfw_some", "hang", "poll_500", "poll_malformed", "expired_result"];
const MODERATION_FAULTS = ["moderated", "content_moderated", "request_moderated"];
/** replicate/cog-flux helpers/exceptions/prediction.py, MODERATION_CONTENT. */
const MODERATED_ERROR = "The input or output was flagged as sensitive. Please try again with different inputs. (E005)";
/** cog-flux predict.py, when its safety checker dropped every output of FLUX.1 (PROVIDERS-MODELS.md §1). */
const ALL_NSFW_ERROR = "All generated images contained NSFW content. Try running it again with a different prompt.";

interface SandboxPrediction {
  id: string;
  model: ReplicateModel;
  /** As received: Replicate echoes the input it was given. */
  received: Record<string, unknown>;
  input: ReplicateInput;
  seed: number;
  width: number;
  height: number;
  ext: OutputExt;
  format: "jpeg" | "png" | "webp";
  /** Images made: FLUX.1's num_outputs, else 1. */
  count: number;
  createdAt: number;
  latencyMs: number;
  /** A blind comparison's cell: the picture hides the host (faults.ts, ANONYMOUS_HEADER). */
  anonymous?: boolean;
  fault: string | null;
  faultTimes: number | null;
  polls: number;
  canceledAt: number | null;
}

type Phase = "starting" | "processing" | "succeeded" | "failed" | "canceled";

const problem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json({ title, detail, status, ...extra }, status, headers);
const unauthenticated = () => problem(401, "Unauthenticated", "You did not pass a valid authentication token");
const notFound = () => problem(404, "Not found", "The requested resource could not be found.");
const methodNotAllowed = () => problem(405, "Method not allowed", "This endpoint does not accept this method.");
const garbled = (status: number) => new Response('{"id": "sandbox", "status": "star', { status, headers: { "content-type": "application/json" } });

function inputInvalid(fields: InvalidField[]): Response {
  const detail = fields.map((f) => `- ${f.field}: ${f.description}\n`).join("");
  return problem(422, "Input validation failed", detail, { invalid_fields: fields });
}

function createFault(name: string | null): Response | null {
  switch (name) {
    case "auth":
      return unauthenticated();
    case "credits":
      return problem(402, "Insufficient credit", "You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit. Once you purchase credit, please wait a few minutes before trying again.");
    case "rate_limit":
      return problem(429, "Request was throttled", "Request was throttled. Expected available in 1 second.", { retry_after: 1 }, { "retry-after": "1" });
    case "server_error":
      return problem(500, "Internal server error", "Something went wrong on our end (sandbox: injected).");
    case "unavailable":
      return problem(503, "Service unavailable", "The service is temporarily unavailable (sandbox: injected).", {}, { "retry-after": "1" });
    case "validation":
      return inputInvalid([{ type: "invalid_type", field: "input.prompt", description: "prompt is invalid (sandbox: injected)" }]);
    case "malformed":
    case "malformed_submit":
      return garbled(201);
    default:
      return null;
  }
}

/** Replicate's ids: 26 characters of lower-case base32. */
function predictionId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(26), (b) => alphabet[b % alphabet.length]).join("");
}

function seedFor(input: ReplicateInput, id: string): number {
  if (typeof input.seed === "number") return input.seed;
  // No seed given: the model picks one and logs it ("Using seed: N").
  return createHash("sha256").update(id).digest().readUInt16BE(0);
}

/** `Prefer: wait` (60 s) or `wait=N` (1..60 s); null without one. */
export function preferWaitSeconds(header: string | null): number | null {
  const token = (header ?? "")
    .split(/[,;]/)
    .map((t) => t.trim().toLowerCase())
    .find((t) => t === "wait" || t.startsWith("wait="));
  if (!token) return null;
  const n = Number(token.slice("wait=".length));
  return token === "wait" || !Number.isFinite(n) ? MAX_WAIT_SECONDS : Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(n)));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

const finishesAt = (p: SandboxPrediction) => (p.fault === "hang" ? Infinity : p.createdAt + p.latencyMs);

function phaseAt(p: SandboxPrediction, now: number): Phase {
  if (p.canceledAt !== null && p.canceledAt < finishesAt(p)) return "canceled";
  if (now < p.createdAt + p.latencyMs * STARTING_SHARE) return "starting";
  if (now < finishesAt(p)) return "processing";
  return failureOf(p) ? "failed" : "succeeded";
}

/** FLUX.1 answers an array of outputs, its checker dropping flagged ones; 1.1 [pro] and Ultra one file. */
const isFlux1 = (p: SandboxPrediction) => p.model === "flux-dev" || p.model === "flux-schnell";
const checkerOn = (p: SandboxPrediction) => !(p.input as { disable_safety_checker?: boolean }).disable_safety_checker;

function failureOf(p: SandboxPrediction): string | null {
  if (p.fault === "error") return "Prediction failed (sandbox: injected generation failure)";
  if (p.fault && MODERATION_FAULTS.includes(p.fault)) {
    if (!isFlux1(p)) return MODERATED_ERROR;
    if (checkerOn(p)) return ALL_NSFW_ERROR;
  }
  return null;
}

/** Indexes of the outputs a succeeded prediction keeps. */
function keptOutputs(p: SandboxPrediction): number[] {
  const all = Array.from({ length: p.count ?? 1 }, (_, i) => i);
  return p.fault === "nsfw_some" && checkerOn(p) && all.length > 1 ? all.slice(1) : all;
}

const fileName = (p: SandboxPrediction, index: number) => (isFlux1(p) ? `out-${index}.${p.ext}` : `output.${p.ext}`);
const renderKey = (p: SandboxPrediction, index: number) => (index === 0 ? p.id : `${p.id}-${index}`);

function renderFor(p: SandboxPrediction, index = 0) {
  return startRender(PROVIDER, renderKey(p, index), {
    width: p.width,
    height: p.height,
    format: p.format,
    prompt: p.input.prompt,
    seed: p.seed,
    provider: "Replicate (sandbox)",
    model: `${OWNER}/${p.model}`,
    params: p.received,
    anonymous: p.anonymous,
  });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The prediction object (C.4) as it stands now; a succeeded one only once its file exists. */
async function predictionBody(p: SandboxPrediction, baseUrl: string, now = Date.now()) {
  const phase = phaseAt(p, now);
  const kept = keptOutputs(p);
  if (phase === "succeeded") await Promise.all(kept.map((i) => renderFor(p, i)));
  const urls = kept.map((i) => `${baseUrl}/delivery/${p.id}/${fileName(p, i)}`);
  const getUrl = `${baseUrl}/v1/predictions/${p.id}`;
  const startedAt = phase === "starting" ? null : p.createdAt + p.latencyMs * STARTING_SHARE;
  const completedAt = phase === "canceled" ? p.canceledAt : phase === "succeeded" || phase === "failed" ? p.createdAt + p.latencyMs : null;
  const predictSeconds = Math.round(p.latencyMs * (1 - STARTING_SHARE)) / 1000;
  return {
    id: p.id,
    model: `${OWNER}/${p.model}`,
    version: "hidden",
    input: p.received,
    logs: startedAt === null ? "" : `Using seed: ${p.seed}\n${phase === "succeeded" ? `Generated image in ${predictSeconds} sec\n` : ""}`,
    output: phase !== "succeeded" ? null : isFlux1(p) ? urls : urls[0],
    data_removed: false,
    error: phase === "failed" ? failureOf(p) : null,
    status: phase,
    source: "api",
    created_at: iso(p.createdAt),
    started_at: iso(startedAt),
    completed_at: iso(completedAt),
    urls: { get: getUrl, cancel: `${getUrl}/cancel` },
    metrics: phase === "succeeded" ? { predict_time: predictSeconds, total_time: p.latencyMs / 1000 } : {},
    webhook: null,
    webhook_events_filter: null,
  };
}

async function readBody(request: Request): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; response: Response }> {
  try {
    const body = (await request.json()) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body)) return { ok: true, body: body as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { ok: false, response: problem(400, "Invalid request body", "The request body must be a JSON object.") };
}

async function hangForever(request: Request): Promise<Response> {
  await sleep(10 * 60_000, request.signal);
  return problem(504, "Gateway timeout", "The request took too long.");
}

async function create(request: Request, model: ReplicateModel, baseUrl: string): Promise<Response> {
  const spec = parseFaultSpec(faultSpecFrom(request));
  const injected = createFault(takeFault(spec, CREATE_FAULTS));
  if (injected) return injected;
  if (takeFault(spec, ["hang_submit"])) return hangForever(request);
  const read = await readBody(request);
  if (!read.ok) return read.response;
  const received = read.body.input;
  if (!received || typeof received !== "object" || Array.isArray(received)) {
    return inputInvalid([{ type: "required", field: "input", description: "input is required" }]);
  }
  const parsed = MODELS[model].schema.safeParse(received);
  if (!parsed.success) return inputInvalid(invalidFields(parsed.error, received, "input"));
  const id = predictionId();
  const output = await editOutputOf(parsed.data);
  const fault = spec.faults.find((f) => PREDICTION_FAULTS.includes(f.name)) ?? null;
  const prediction: SandboxPrediction = {
    id,
    model,
    received: received as Record<string, unknown>,
    input: parsed.data,
    seed: seedFor(parsed.data, id),
    width: output.width,
    height: output.height,
    ext: output.ext,
    format: output.format,
    count: outputCountOf(parsed.data),
    createdAt: Date.now(),
    latencyMs: latencyFrom(request, MODELS[model].defaultLatencyMs),
    anonymous: anonymousFrom(request),
    fault: fault?.name ?? null,
    faultTimes: fault?.times ?? null,
    polls: 0,
    canceledAt: null,
  };
  await saveTask(PROVIDER, prediction);
  // The model works while the client waits or polls, as Replicate does.
  if (!failureOf(prediction) && prediction.fault !== "hang") for (const i of keptOutputs(prediction)) void renderFor(prediction, i).catch(() => {});
  const wait = preferWaitSeconds(request.headers.get("prefer"));
  let answerAt = Date.now();
  if (wait !== null) {
    const until = Math.min(Date.now() + wait * 1000, finishesAt(prediction));
    await sleep(until - Date.now(), request.signal);
    // A timer can fire a millisecond early: answer as of the instant waited for, or the official
    // client (which takes any answer but "starting" as final) would read an unfinished prediction.
    answerAt = Math.max(Date.now(), request.signal.aborted ? 0 : until);
  }
  const body = await predictionBody((await loadTask<SandboxPrediction>(PROVIDER, id)) ?? prediction, baseUrl, answerAt);
  return json(body, 201, { location: body.urls.get });
}

async function getPrediction(id: string, baseUrl: string): Promise<Response> {
  const p = await loadTask<SandboxPrediction>(PROVIDER, id);
  if (!p) return notFound();
  const limited = await notePoll(PROVIDER, p);
  if (p.fault === "poll_500" && limited) return problem(500, "Internal server error", "Something went wrong on our end (sandbox: injected).");
  if (p.fault === "poll_malformed" && limited) return garbled(200);
  return json(await predictionBody(p, baseUrl));
}

async function cancelPrediction(id: string, baseUrl: string): Promise<Response> {
  const p = await loadTask<SandboxPrediction>(PROVIDER, id);
  if (!p) return notFound();
  const now = Date.now();
  const phase = phaseAt(p, now);
  if (phase === "starting" || phase === "processing") {
    p.canceledAt = now;
    await saveTask(PROVIDER, p);
  }
  return json(await predictionBody(p, baseUrl, now));
}

/** replicate.delivery: no key needed; files are deleted an hour after the prediction ends. */
async function delivery(id: string, file: string): Promise<Response> {
  const p = await loadTask<SandboxPrediction>(PROVIDER, id);
  const now = Date.now();
  const completedAt = p ? p.createdAt + p.latencyMs : 0;
  const expiresAt = p?.fault === "expired_result" ? completedAt : completedAt + FILE_TTL_MS;
  const index = p ? keptOutputs(p).find((i) => fileName(p, i) === file) : undefined;
  if (!p || index === undefined || phaseAt(p, now) !== "succeeded" || now >= expiresAt) {
    return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });
  }
  const buffer = await renderFor(p, index);
  return new Response(new Uint8Array(buffer), { headers: { "content-type": CONTENT_TYPES[p.ext], "content-length": String(buffer.length) } });
}

const authorized = (request: Request) => /^(Bearer|Token)\s+\S+/i.test(request.headers.get("authorization") ?? "");

/**
 * Handles one request. `path` is what follows the sandbox's base URL (e.g. ["v1", "predictions",
 * "<id>"]); `baseUrl` is the absolute URL standing for https://api.replicate.com.
 */
/** Which stage a request is, for the ledger (../ledger.ts). */
export const replicateStage: StageOf = (method, path) => {
  if (path[0] === "delivery") return "download";
  if (method === "POST" && path[1] === "models" && path[4] === "predictions") return "submit";
  return method === "GET" && path[1] === "predictions" && path.length === 3 ? "poll" : null;
};

export async function handleReplicateSandbox(request: Request, path: string[], baseUrl: string): Promise<Response> {
  const method = request.method.toUpperCase();
  if (path[0] === "delivery" && path.length === 3) return method === "GET" ? delivery(path[1], path[2]) : methodNotAllowed();
  if (path[0] !== "v1") return notFound();
  if (!authorized(request)) return unauthenticated();
  const [, resource, ...rest] = path;
  if (resource === "models" && rest.length === 3 && rest[0] === OWNER && rest[2] === "predictions") {
    if (!Object.hasOwn(MODELS, rest[1])) return notFound();
    return method === "POST" ? create(request, rest[1] as ReplicateModel, baseUrl) : methodNotAllowed();
  }
  if (resource !== "predictions") return notFound();
  if (rest.length === 0) {
    // Version-based create: this sandbox serves only the official models above.
    return method === "POST" ? problem(422, "Invalid version or not permitted", "The specified version does not exist (or perhaps you don't have permission to use it?)") : methodNotAllowed();
  }
  if (rest.length === 1) return method === "GET" ? getPrediction(rest[0], baseUrl) : methodNotAllowed();
  if (rest.length === 2 && rest[1] === "cancel") return method === "POST" ? cancelPrediction(rest[0], baseUrl) : methodNotAllowed();
  return notFound();
}
