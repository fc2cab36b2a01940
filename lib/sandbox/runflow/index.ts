import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { seedForImage } from "@/lib/models/fields";
import { anonymousFrom, faultSpecFrom, latencyFrom, parseFaultSpec, takeFault } from "../faults";
import { falDevInput, falEditOutputSize, falFlux2EditInput, falFlux2Input, falKontextInput, falProInput, falUltraInput, falValidationDetail, flux1Input, type FalInput } from "../dialects/fal-input";
import { flux2CostUsd, flux2InputPixels } from "../dialects/flux2-cost";
import { checkDelivery, json, signDelivery, startRender } from "../results";
import { loadTask, notePoll, saveTask } from "../task-store";
import type { StageOf } from "../ledger";

/**
 * Emulator of Runflow's model-run API (PROVIDERS.md G), mounted at /api/sandbox/runflow and
 * standing for https://api.runflow.io. `POST v1/models/black-forest-labs/flux-1-1-pro[-ultra]/runs`
 * with `{input, client_ref?, callback_url?, metadata?}` creates a run; `GET v1/runs/{id}` answers
 * the run object (status_code queued → dispatching → running → succeeded | failed | canceled |
 * partial_succeeded) with `output.image_urls` (presigned, expiring) and `cost` as a decimal string.
 * FLUX inputs mirror fal's, so they are validated with fal's rules, reported in Runflow's
 * `{code, message, errors[{field, message}]}` shape at create time.
 *
 * Faults (x-sandbox-fault header or SANDBOX_FAULT; `name*N` limits a fault to N requests):
 * - at create: `auth` (401), `credits` (402 INSUFFICIENT_CREDIT), `rate_limit` (429 + Retry-After),
 *   `server_error` (500), `unavailable` (503 MODEL_UNAVAILABLE), `validation` (422 with errors[]),
 *   `malformed` (201 with a garbled body);
 * - in the run's life: `moderated` (failed, failure_code CONTENT_MODERATED), `request_moderated`
 *   (the same at stage INPUT_VALIDATION), `error` (failed,
 *   PROVIDER_ERROR), `partial` (partial_succeeded, one image short), `hang` (running forever),
 *   `poll_500*N` (500 N times), `poll_malformed*N` (garbled body N times), `expired_result`
 *   (image URLs already expired: 403 on download).
 */
const PROVIDER = "runflow";
/** Runflow's [schnell] (rf, PROVIDERS-MODELS.md §2): 1–4 steps (4), accelerated by default. */
const runflowSchnellInput = flux1Input({ min: 1, max: 4, default: 4 }, "regular");

/**
 * `price`: Runflow's list price (PROVIDERS.md G.5, PROVIDERS-MODELS.md §1, §2), which the run
 * object's `cost` bills, per image or per started megapixel of each image.
 * `flux-1-dev` is a guess (UNVERIFIED, PROVIDERS-MODELS.md §1), the same the adapter makes.
 */
const MODELS = {
  "flux-1-1-pro": { model: "flux-pro-1.1", schema: falProInput, defaultLatencyMs: 3000, price: { per: "image", usd: 0.04 } },
  "flux-1-1-pro-ultra": { model: "flux-pro-1.1-ultra", schema: falUltraInput, defaultLatencyMs: 5000, price: { per: "image", usd: 0.06 } },
  "flux-1-dev": { model: "flux-dev", schema: falDevInput, defaultLatencyMs: 3000, price: { per: "megapixel", usd: 0.025 } },
  "flux-1-schnell": { model: "flux-schnell", schema: runflowSchnellInput, defaultLatencyMs: 1000, price: { per: "megapixel", usd: 0.003 } },
  // PROVIDERS-MODELS.md §3 (rf): Kontext's slug has two segments; its input is fal's.
  "flux-pro/kontext": { model: "flux-kontext-pro", schema: falKontextInput, defaultLatencyMs: 4000, price: { per: "image", usd: 0.04 } },
  // §4 (rf, UNVERIFIED paths): FLUX.2 [pro] as fal's apps, text-to-image and /edit with image_urls; one image
  // a run; $0.03 the first MP, $0.015 each further one (and, as fal's edit, each input MP: UNVERIFIED).
  "flux-2-pro": { model: "flux-2-pro", schema: falFlux2Input, defaultLatencyMs: 4000, price: { per: "flux2", usd: 0.03 } },
  "flux-2-pro/edit": { model: "flux-2-pro", schema: falFlux2EditInput, defaultLatencyMs: 4000, price: { per: "flux2", usd: 0.03 } },
} as const satisfies Record<string, { model: string; schema: z.ZodType<FalInput>; defaultLatencyMs: number; price: { per: "image" | "megapixel" | "flux2"; usd: number } }>;
type RunflowModel = keyof typeof MODELS;

/** UNVERIFIED (PROVIDERS.md G.3): "201/202, UNVERIFIED which"; presigned URL expiry unknown. */
const CREATED_STATUS = 201;
const RESULT_TTL_MS = 60 * 60_000;
/** Share of the run's time spent queued, then dispatching; the rest is running. */
const PHASES = [
  { until: 0.1, status: "queued" },
  { until: 0.2, status: "dispatching" },
  { until: 1, status: "running" },
] as const;

const STATUSES = ["queued", "dispatching", "running", "succeeded", "failed", "canceled", "partial_succeeded"];

const CREATE_FAULTS = ["auth", "credits", "rate_limit", "server_error", "unavailable", "validation", "malformed"];
const RUN_FAULTS = ["moderated", "request_moderated", "error", "partial", "hang", "poll_500", "poll_malformed", "expired_result"];

interface RunflowRunRecord {
  id: string;
  model: RunflowModel;
  input: FalInput;
  /** Each image's size, known at create (a Kontext edit takes its input image's shape). */
  size: { width: number; height: number };
  /** Pixels of each reference image (FLUX.2's edit), which its price counts. */
  inputPixels?: number[];
  /** The input as received: echoed in the run object and shown on the image. */
  rawInput: Record<string, unknown>;
  clientRef: string | null;
  metadata: Record<string, unknown> | null;
  seed: number;
  createdAt: number;
  latencyMs: number;
  /** A blind comparison's cell: the picture hides the host (faults.ts, ANONYMOUS_HEADER). */
  anonymous?: boolean;
  fault: string | null;
  faultTimes: number | null;
  polls: number;
  canceledAt: number | null;
}

const error = (status: number, code: string, message: string, errors: { field: string; message: string }[] = [], headers: Record<string, string> = {}) =>
  json({ code, message, errors }, status, headers);
const unauthorized = () => error(401, "UNAUTHORIZED", "Missing or invalid API key");

function createFault(name: string | null): Response | null {
  switch (name) {
    case "auth":
      return unauthorized();
    case "credits":
      return error(402, "INSUFFICIENT_CREDIT", "Insufficient credit to run this model. Top up at https://runflow.io/billing.");
    case "rate_limit":
      return json({ code: "RATE_LIMITED", message: "Too many requests. Retry after 1 second.", errors: [], retry_after: 1 }, 429, { "retry-after": "1" });
    case "server_error":
      return error(500, "INTERNAL_ERROR", "An internal error occurred");
    case "unavailable":
      return error(503, "MODEL_UNAVAILABLE", "The model is temporarily unavailable", [], { "retry-after": "1" });
    case "validation":
      return error(422, "VALIDATION_ERROR", "Invalid input", [{ field: "input.prompt", message: "prompt is invalid (sandbox: injected)" }]);
    case "malformed":
      return new Response('{"id": "run_', { status: CREATED_STATUS, headers: { "content-type": "application/json" } });
    default:
      return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** FLUX.2 edit's references (fal's `image_urls`); other inputs have none that are priced. */
const referenceUrls = (input: FalInput): string[] => ("image_urls" in input && Array.isArray(input.image_urls) ? (input.image_urls as string[]) : []);

async function create(request: Request, model: RunflowModel, baseUrl: string): Promise<Response> {
  const spec = parseFaultSpec(faultSpecFrom(request));
  const injected = createFault(takeFault(spec, CREATE_FAULTS));
  if (injected) return injected;
  const body: unknown = await request.json().catch(() => undefined);
  if (!isObject(body)) return error(400, "INVALID_JSON", "The request body must be a JSON object");
  if (!isObject(body.input)) return error(422, "VALIDATION_ERROR", "Invalid request body", [{ field: "input", message: "input is required and must be an object" }]);
  const parsed = MODELS[model].schema.safeParse(body.input);
  if (!parsed.success) {
    const errors = falValidationDetail(parsed.error, body.input).map((d) => ({ field: ["input", ...d.loc.slice(1)].join("."), message: d.msg }));
    return error(422, "VALIDATION_ERROR", "Invalid input", errors);
  }
  const id = `run_${randomUUID().replace(/-/g, "")}`;
  const fault = spec.faults.find((f) => RUN_FAULTS.includes(f.name)) ?? null;
  const run: RunflowRunRecord = {
    id,
    model,
    input: parsed.data,
    size: await falEditOutputSize(parsed.data),
    inputPixels: await Promise.all(referenceUrls(parsed.data).map(flux2InputPixels)),
    rawInput: body.input,
    clientRef: typeof body.client_ref === "string" ? body.client_ref : null,
    metadata: isObject(body.metadata) ? body.metadata : null,
    seed: typeof parsed.data.seed === "number" ? parsed.data.seed : Number.parseInt(id.slice(4, 12), 16),
    createdAt: Date.now(),
    latencyMs: latencyFrom(request, MODELS[model].defaultLatencyMs),
    anonymous: anonymousFrom(request),
    fault: fault?.name ?? null,
    faultTimes: fault?.times ?? null,
    polls: 0,
    canceledAt: null,
  };
  await saveTask(PROVIDER, run);
  if (!run.fault || run.fault === "expired_result" || run.fault === "partial") void renderAll(run).catch(() => {});
  return json(runObject(run, baseUrl), CREATED_STATUS);
}

function render(run: RunflowRunRecord, index: number) {
  const { width, height } = run.size;
  return startRender(PROVIDER, `${run.id}-${index}`, {
    width,
    height,
    format: run.input.output_format,
    prompt: run.input.prompt,
    seed: seedForImage(run.seed, index) ?? run.seed,
    provider: "Runflow (sandbox)",
    model: MODELS[run.model].model,
    params: run.rawInput,
    anonymous: run.anonymous,
  });
}

const imageCount = (run: RunflowRunRecord) => (run.fault === "partial" ? Math.max(1, run.input.num_images - 1) : run.input.num_images);
const renderAll = (run: RunflowRunRecord) => Promise.all(Array.from({ length: imageCount(run) }, (_, i) => render(run, i)));

function statusOf(run: RunflowRunRecord): string {
  if (run.canceledAt !== null) return "canceled";
  const elapsed = Date.now() - run.createdAt;
  if (run.fault === "hang" || elapsed < run.latencyMs) {
    const share = run.fault === "hang" ? 0.5 : elapsed / Math.max(1, run.latencyMs);
    return PHASES.find((p) => share < p.until)?.status ?? "running";
  }
  switch (run.fault) {
    case "moderated":
    case "request_moderated":
    case "error":
      return "failed";
    case "partial":
      return "partial_succeeded";
    default:
      return "succeeded";
  }
}

const FAILURES: Record<string, { failure_code: string; failure_message: string; failure_stage_code: string }> = {
  // UNVERIFIED codes: Runflow documents the fields, not their values.
  moderated: {
    failure_code: "CONTENT_MODERATED",
    failure_message: "The content could not be processed because it contained material flagged by a content checker.",
    failure_stage_code: "PROVIDER",
  },
  // The prompt refused before the provider ran: the stage says so.
  request_moderated: {
    failure_code: "CONTENT_MODERATED",
    failure_message: "The prompt was flagged by a content checker (sandbox: injected).",
    failure_stage_code: "INPUT_VALIDATION",
  },
  error: { failure_code: "PROVIDER_ERROR", failure_message: "The provider failed to generate the image (sandbox: injected)", failure_stage_code: "PROVIDER" },
};

/** One image's list price: per image, per started megapixel of its size, or FLUX.2's tiers. */
function imagePrice(run: RunflowRunRecord): number {
  const { per, usd } = MODELS[run.model].price;
  if (per === "image") return usd;
  if (per === "flux2") return flux2CostUsd(run.size, run.inputPixels ?? []);
  const { width, height } = run.size;
  return usd * Math.ceil((width * height) / 1_000_000);
}

/** A decimal string with cents, and tenths of a cent where a price has them ("0.04", "0.003"). */
const formatCost = (usd: number) => usd.toFixed(4).replace(/0{1,2}$/, "");

function imageUrls(run: RunflowRunRecord, baseUrl: string): string[] {
  const readyAt = run.createdAt + run.latencyMs;
  const expiresAt = new Date(run.fault === "expired_result" ? readyAt - 1000 : readyAt + RESULT_TTL_MS);
  return Array.from({ length: imageCount(run) }, (_, i) => {
    const { se, sig } = signDelivery(`${run.id}-${i}`, expiresAt);
    return `${baseUrl}/files/${run.id}/${i}.${run.input.output_format}?se=${encodeURIComponent(se)}&sig=${sig}`;
  });
}

function runObject(run: RunflowRunRecord, baseUrl: string) {
  const status = statusOf(run);
  const done = ["succeeded", "partial_succeeded", "failed", "canceled"].includes(status);
  const produced = status === "succeeded" || status === "partial_succeeded" ? imageCount(run) : 0;
  const completedAt = run.canceledAt ?? run.createdAt + run.latencyMs;
  const failure = status === "failed" ? FAILURES[run.fault ?? "error"] : null;
  return {
    id: run.id,
    model: `black-forest-labs/${run.model}`,
    status_code: status,
    input: run.rawInput,
    output: produced ? { image_urls: imageUrls(run, baseUrl) } : null,
    // The list price of what was asked, then of what was made once the run has ended.
    cost: formatCost(imagePrice(run) * (done ? produced : run.input.num_images)),
    duration_ms: done ? completedAt - run.createdAt : null,
    failure_code: failure?.failure_code ?? null,
    failure_message: failure?.failure_message ?? null,
    failure_stage_code: failure?.failure_stage_code ?? null,
    client_ref: run.clientRef,
    created_at: new Date(run.createdAt).toISOString(),
    started_at: status === "queued" ? null : new Date(run.createdAt + run.latencyMs * PHASES[1].until).toISOString(),
    completed_at: done ? new Date(completedAt).toISOString() : null,
    metadata: run.metadata ?? {},
  };
}

const runNotFound = () => error(404, "RUN_NOT_FOUND", "Run not found");

async function getRun(id: string, baseUrl: string): Promise<Response> {
  const run = await loadTask<RunflowRunRecord>(PROVIDER, id);
  if (!run) return runNotFound();
  const limited = await notePoll(PROVIDER, run);
  if (run.fault === "poll_500" && limited) return error(500, "INTERNAL_ERROR", "An internal error occurred");
  if (run.fault === "poll_malformed" && limited) return new Response('{"id": "run_', { status: 200, headers: { "content-type": "application/json" } });
  const body = runObject(run, baseUrl);
  // The run is reported finished once its files exist, as a host does after upload.
  if (body.output) await renderAll(run);
  return json(body);
}

async function cancelRun(id: string, baseUrl: string): Promise<Response> {
  const run = await loadTask<RunflowRunRecord>(PROVIDER, id);
  if (!run) return runNotFound();
  if (!["queued", "dispatching", "running"].includes(statusOf(run))) return error(409, "RUN_ALREADY_COMPLETED", "The run has already completed");
  run.canceledAt = Date.now();
  await saveTask(PROVIDER, run);
  return json(runObject(run, baseUrl));
}

/** Presigned result files: refused once `se` has passed, like a blob store's. */
async function file(request: Request, id: string, name: string): Promise<Response> {
  const run = await loadTask<RunflowRunRecord>(PROVIDER, id);
  const match = /^(\d+)\.(jpeg|png)$/.exec(name);
  const url = new URL(request.url);
  const verdict = match ? checkDelivery(`${id}-${match[1]}`, url.searchParams.get("se"), url.searchParams.get("sig")) : "bad-signature";
  if (!run || !match || verdict !== "ok" || match[2] !== run.input.output_format || Number(match[1]) >= imageCount(run)) {
    const expired = run && verdict === "expired";
    const [code, message] = expired ? ["AccessDenied", "Request has expired"] : ["NoSuchKey", "The specified key does not exist."];
    return new Response(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
      status: expired ? 403 : 404,
      headers: { "content-type": "application/xml" },
    });
  }
  const buffer = await render(run, Number(match[1]));
  return new Response(new Uint8Array(buffer), { headers: { "content-type": `image/${match[2]}`, "content-length": String(buffer.length) } });
}

const authorized = (request: Request) => /^Bearer \S+/.test(request.headers.get("authorization") ?? "");
const methodNotAllowed = () => error(405, "METHOD_NOT_ALLOWED", "Method not allowed");

/**
 * Handles one request. `path` is what follows the sandbox's base URL (e.g. ["v1", "runs", id]);
 * `baseUrl` stands for https://api.runflow.io.
 */
/** Which stage a request is, for the ledger (../ledger.ts). */
export const runflowStage: StageOf = (method, path) => {
  if (path[0] === "files") return "download";
  if (method === "POST" && path[1] === "models" && path.length >= 5 && path.at(-1) === "runs") return "submit";
  return method === "GET" && path[1] === "runs" && path.length === 3 && path[2] !== "statuses" ? "poll" : null;
};

export async function handleRunflowSandbox(request: Request, path: string[], baseUrl: string): Promise<Response> {
  const method = request.method.toUpperCase();
  if (path[0] === "files" && path.length === 3) return method === "GET" ? file(request, path[1], path[2]) : methodNotAllowed();
  if (path[0] !== "v1") return error(404, "NOT_FOUND", "Not found");
  if (!authorized(request)) return unauthorized();
  const route = path.slice(1);
  if (route[0] === "models" && route[1] === "black-forest-labs" && route.at(-1) === "runs" && route.length >= 4) {
    // A slug may have segments of its own (`flux-pro/kontext`).
    const slug = route.slice(2, -1).join("/");
    if (!Object.hasOwn(MODELS, slug)) return error(404, "MODEL_NOT_FOUND", `Model black-forest-labs/${slug} not found`);
    return method === "POST" ? create(request, slug as RunflowModel, baseUrl) : methodNotAllowed();
  }
  if (route[0] === "runs" && route[1] === "statuses" && route.length === 2) {
    return method === "GET" ? json({ data: STATUSES }) : methodNotAllowed();
  }
  if (route[0] === "runs" && route.length === 2) return method === "GET" ? getRun(route[1], baseUrl) : methodNotAllowed();
  if (route[0] === "runs" && route[2] === "cancel" && route.length === 3) return method === "POST" ? cancelRun(route[1], baseUrl) : methodNotAllowed();
  return error(404, "NOT_FOUND", "Not found");
}
