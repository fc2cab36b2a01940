import { createHash, randomUUID } from "node:crypto";
import { anonymousFrom, faultSpecFrom, latencyFrom, parseFaultSpec, takeFault, type FaultSpec } from "../faults";
import { json, startRender } from "../results";
import { loadTask, notePoll, saveTask } from "../task-store";
import { DEFAULT_SIZE, isTaskUuid, SANDBOX_MODELS, validateImageInference, type RunwareApiError, type SandboxModelAir } from "./validation";
import { markReplayed, type StageOf } from "../ledger";
import { flux2CostUsd, flux2InputPixels } from "../dialects/flux2-cost";

/**
 * Emulator of Runware's REST API (PROVIDERS.md D), mounted at /api/sandbox/runware and standing
 * for https://api.runware.ai/v1. Every call is a POST of a JSON array of tasks to the base URL
 * itself (`Authorization: Bearer <key>`, or a leading `authentication` task); answers are
 * `{data:[...]}` and/or `{errors:[...]}`. imageInference is synchronous by default (the answer
 * waits for the batch) or, with `deliveryMethod:"async"`, acknowledged at once and followed with
 * `getResponse` polls whose items go processing → success one by one. Images are served under
 * `/image/ws/2/ii/<imageUUID>.<ext>`, the path shape of im.runware.ai.
 *
 * Faults (x-sandbox-fault header or SANDBOX_FAULT; `name*N` fires N times):
 * - on a request carrying an imageInference task: `auth` (401 invalidApiKey), `credits`
 *   (402 insufficientCredits), `rate_limit` (429 rateLimitExceeded + Retry-After: 1),
 *   `server_error` (500 internalServerError), `unavailable` (503 serviceUnavailable),
 *   `validation` (400 invalidPositivePrompt), `moderated_request` (400
 *   providerContentPolicyViolation on the prompt), `malformed` (200 with a garbled body),
 *   `hang_submit` (never answers);
 * - kept by the task: `moderated` (providerContentPolicyViolation on the generated image, as an
 *   item with status "error" and in the top-level errors[]), `error` (inferenceError, as an item),
 *   `provider_timeout` (timeoutProvider, in the top-level errors[] only), `hang` (processing
 *   forever; a sync request never answers), `poll_500` (getResponse answers 500) and
 *   `poll_malformed` (getResponse answers a garbled 200).
 */
const PROVIDER = "runware";
const LABEL = "Runware (sandbox)";
/** Each result's `cost`: a fixed figure, or for FLUX.2 BFL's per-MP tiers (`priceUsd` is then 1024²'s, §4: "$0.03 at 1k"). */
const MODELS: Record<SandboxModelAir, { latencyMs: number; priceUsd: number; perMegapixel?: true }> = {
  "bfl:2@1": { latencyMs: 3000, priceUsd: 0.04 },
  "bfl:2@2": { latencyMs: 5000, priceUsd: 0.06 },
  // Compute-priced (PROVIDERS-MODELS.md §1, §2): the figures of one 1024² run, as the adapter lists them.
  "runware:101@1": { latencyMs: 3000, priceUsd: 0.0013 },
  "runware:100@1": { latencyMs: 1000, priceUsd: 0.0006 },
  // rw-docs (§3): $0.04 at 1024².
  "bfl:3@1": { latencyMs: 4000, priceUsd: 0.04 },
  "bfl:5@1": { latencyMs: 4000, priceUsd: 0.03, perMegapixel: true },
};
const SUBMIT_FAULTS = ["auth", "credits", "rate_limit", "server_error", "unavailable", "validation", "moderated_request", "malformed", "hang_submit"];
const TASK_FAULTS = ["moderated", "error", "provider_timeout", "hang", "poll_500", "poll_malformed"];
const IMAGE_PATH = ["image", "ws", "2", "ii"];

/**
 * Where a failed result is reported: in its item, in the top-level errors[], or both (PROVIDERS.md
 * D.4). A sync request answers the failure with `syncStatus`, a non-2xx status because the
 * official SDK surfaces a sync failure only from one (the exact statuses are UNVERIFIED).
 */
const FAILURES: Record<string, { error: Omit<RunwareApiError, "taskUUID">; placement: "item" | "top" | "both"; syncStatus: number }> = {
  moderated: {
    error: { code: "providerContentPolicyViolation", message: "The provider's content moderation flagged the generated image (sandbox: injected).", taskType: "imageInference" },
    placement: "both",
    syncStatus: 400,
  },
  error: {
    error: { code: "inferenceError", message: "The provider failed to generate the image (sandbox: injected).", taskType: "imageInference" },
    placement: "item",
    syncStatus: 500,
  },
  provider_timeout: {
    error: { code: "timeoutProvider", message: "The provider did not answer in time (sandbox: injected).", taskType: "imageInference" },
    placement: "top",
    syncStatus: 504,
  },
};

interface SandboxTask {
  id: string;
  kind: "task";
  model: SandboxModelAir;
  input: Record<string, unknown>;
  width: number;
  height: number;
  format: "jpeg" | "png" | "webp";
  ext: "jpg" | "png" | "webp";
  seed: number;
  numberResults: number;
  outputTypes: string[];
  includeCost: boolean;
  delivery: "sync" | "async";
  imageUUIDs: string[];
  ttlSeconds: number | null;
  createdAt: number;
  latencyMs: number;
  /** Each result's `cost` in dollars, fixed at creation (FLUX.2's depends on the size and the references). */
  costUsd?: number;
  /** A blind comparison's cell: the picture hides the host (faults.ts, ANONYMOUS_HEADER). */
  anonymous?: boolean;
  fault: string | null;
  faultTimes: number | null;
  polls: number;
}

interface SandboxImage {
  id: string;
  kind: "image";
  taskUUID: string;
  index: number;
}

/** What one task of the request contributes to the answer. */
interface Part {
  data: Record<string, unknown>[];
  errors: RunwareApiError[];
  status: number;
}

const ok = (data: Record<string, unknown>[], errors: RunwareApiError[] = []): Part => ({ data, errors, status: 200 });
const failed = (status: number, error: RunwareApiError): Part => ({ data: [], errors: [error], status });

const INVALID_API_KEY: RunwareApiError = {
  code: "invalidApiKey",
  message: "Invalid API key. Get one at https://my.runware.ai/signup",
  parameter: "apiKey",
  taskType: "authentication",
};

function submitFault(name: string | null, taskUUID: string | undefined): Response | null {
  const task = { taskType: "imageInference", ...(taskUUID ? { taskUUID } : {}) };
  const errors = (status: number, error: RunwareApiError, headers: Record<string, string> = {}) => json({ errors: [{ ...task, ...error }] }, status, headers);
  switch (name) {
    case "auth":
      return json({ errors: [INVALID_API_KEY] }, 401);
    case "credits":
      return errors(402, { code: "insufficientCredits", message: "Insufficient credits to run this task. Add funds at https://my.runware.ai/wallet (sandbox: injected)." });
    case "rate_limit":
      return errors(429, { code: "rateLimitExceeded", message: "Too many requests: the queue is full. Retry with exponential backoff (sandbox: injected)." }, { "retry-after": "1" });
    case "server_error":
      return errors(500, { code: "internalServerError", message: "Internal server error (sandbox: injected)." });
    case "unavailable":
      return errors(503, { code: "serviceUnavailable", message: "Service temporarily unavailable. Retry later (sandbox: injected)." });
    case "validation":
      return errors(400, { code: "invalidPositivePrompt", parameter: "positivePrompt", message: "Invalid value for positivePrompt (sandbox: injected)." });
    case "moderated_request":
      return errors(400, { code: "providerContentPolicyViolation", parameter: "positivePrompt", message: "The provider's content moderation flagged the prompt (sandbox: injected)." });
    case "malformed":
      return new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", { status: 200, headers: { "content-type": "text/html" } });
    default:
      return null;
  }
}

/** Resolves true at `at` (epoch ms; Infinity: never), or false once the client has gone. */
function waitUntil(at: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = Number.isFinite(at) ? setTimeout(() => resolve(true), Math.max(0, at - Date.now())) : undefined;
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

const FORMATS = { JPG: ["jpeg", "jpg"], PNG: ["png", "png"], WEBP: ["webp", "webp"] } as const;

function seedFor(input: Record<string, unknown>, taskUUID: string): number {
  if (typeof input.seed === "number") return input.seed;
  // No seed given: the host picks one and reports it on each result.
  return 1 + (createHash("sha256").update(taskUUID).digest().readUInt32BE(0) % 2 ** 31);
}

/** The task's reference images (validated already). */
const referenceImages = (input: Record<string, unknown>): string[] => ((input.inputs as { referenceImages?: string[] } | undefined)?.referenceImages ?? []);

async function createTask(input: Record<string, unknown>, request: Request, fault: FaultSpec | null): Promise<SandboxTask> {
  const model = input.model as SandboxModelAir;
  const size = input.width === undefined ? DEFAULT_SIZE[SANDBOX_MODELS[model].ultra ? "ultra" : "pro"] : { width: input.width as number, height: input.height as number };
  const [format, ext] = FORMATS[(input.outputFormat as keyof typeof FORMATS | undefined) ?? "JPG"];
  const id = input.taskUUID as string;
  const numberResults = (input.numberResults as number | undefined) ?? 1;
  const outputType = input.outputType ?? "URL";
  const task: SandboxTask = {
    id,
    kind: "task",
    model,
    input,
    ...size,
    format,
    ext,
    seed: seedFor(input, id),
    numberResults,
    outputTypes: Array.isArray(outputType) ? outputType : [outputType as string],
    includeCost: input.includeCost === true,
    delivery: input.deliveryMethod === "async" ? "async" : "sync",
    imageUUIDs: Array.from({ length: numberResults }, () => randomUUID()),
    ttlSeconds: typeof input.ttl === "number" ? input.ttl : null,
    createdAt: Date.now(),
    latencyMs: latencyFrom(request, MODELS[model].latencyMs),
    costUsd: MODELS[model].perMegapixel ? flux2CostUsd(size, await Promise.all(referenceImages(input).map(flux2InputPixels))) : MODELS[model].priceUsd,
    anonymous: anonymousFrom(request),
    fault: fault?.name ?? null,
    faultTimes: fault?.times ?? null,
    polls: 0,
  };
  await saveTask(PROVIDER, task);
  await Promise.all(task.imageUUIDs.map((imageId, index) => saveTask<SandboxImage>(PROVIDER, { id: imageId, kind: "image", taskUUID: id, index })));
  // Rendering starts now, as a host works while you wait; a failing task never gets its images.
  if (!(task.fault && Object.hasOwn(FAILURES, task.fault))) task.imageUUIDs.forEach((_, i) => void render(task, i).catch(() => {}));
  return task;
}

function render(task: SandboxTask, index: number) {
  return startRender(PROVIDER, task.imageUUIDs[index], {
    width: task.width,
    height: task.height,
    format: task.format,
    prompt: String(task.input.positivePrompt ?? ""),
    seed: task.seed + index,
    provider: LABEL,
    model: task.model,
    params: task.input,
    anonymous: task.anonymous,
  });
}

export type ResultState = { state: "processing"; progress: number } | { state: "success" } | { state: "error"; error: RunwareApiError; placement: "item" | "top" | "both" };

/**
 * Each result of a task at time `now`: results finish one after another (result i of n after
 * latency × (i+1)/n), so a batch trickles in; an injected failure hits result 0 at the full
 * latency. Progress is a whole percentage, as in the official SDK's fixtures.
 */
export function resultStates(task: Pick<SandboxTask, "id" | "createdAt" | "latencyMs" | "numberResults" | "fault">, now: number): ResultState[] {
  const elapsed = now - task.createdAt;
  const failure = task.fault && Object.hasOwn(FAILURES, task.fault) ? FAILURES[task.fault] : undefined;
  return Array.from({ length: task.numberResults }, (_, i): ResultState => {
    const failing = failure && i === 0;
    const doneAfter = failing ? task.latencyMs : (task.latencyMs * (i + 1)) / task.numberResults;
    const progress = Math.min(99, Math.floor((100 * elapsed) / Math.max(1, doneAfter)));
    if (task.fault === "hang") return { state: "processing", progress: Math.min(progress, 50) };
    if (elapsed < doneAfter) return { state: "processing", progress };
    if (failing) return { state: "error", error: { ...failure.error, taskUUID: task.id }, placement: failure.placement };
    return { state: "success" };
  });
}

async function resultItem(task: SandboxTask, index: number, baseUrl: string): Promise<Record<string, unknown>> {
  const imageUUID = task.imageUUIDs[index];
  const item: Record<string, unknown> = { taskType: "imageInference", taskUUID: task.id, imageUUID };
  if (task.outputTypes.includes("URL")) item.imageURL = `${baseUrl}/${IMAGE_PATH.join("/")}/${imageUUID}.${task.ext}`;
  if (task.outputTypes.some((t) => t !== "URL")) {
    const base64 = (await render(task, index)).toString("base64");
    if (task.outputTypes.includes("base64Data")) item.imageBase64Data = base64;
    if (task.outputTypes.includes("dataURI")) item.imageDataURI = `data:image/${task.format};base64,${base64}`;
  }
  item.seed = task.seed + index;
  if (task.includeCost) item.cost = task.costUsd ?? MODELS[task.model].priceUsd;
  return item;
}

/**
 * A resubmitted taskUUID that the sandbox already has is answered for that same task (acked
 * again, or its results): the reading of "taskUUID matches responses to tasks" that makes a
 * client's retry safe. Runware's real answer to a duplicate is UNVERIFIED.
 */
async function imageInference(input: Record<string, unknown>, request: Request, spec: ReturnType<typeof parseFaultSpec>, baseUrl: string): Promise<Part> {
  const invalid = validateImageInference(input);
  if (invalid) return failed(400, invalid);
  const existing = await loadTask<SandboxTask | SandboxImage>(PROVIDER, input.taskUUID as string);
  if (existing?.kind === "task") markReplayed(request);
  const task = existing?.kind === "task" ? existing : await createTask(input, request, spec.faults.find((f) => TASK_FAULTS.includes(f.name)) ?? null);
  if (task.delivery === "async") return ok([{ taskType: "imageInference", taskUUID: task.id }]);
  // Sync delivery: the connection is held until the whole batch is done.
  const doneAt = task.fault === "hang" ? Infinity : task.createdAt + task.latencyMs;
  if (!(await waitUntil(doneAt, request.signal))) return failed(499, { code: "clientClosedRequest", message: "The client went away." });
  const states = resultStates(task, Math.max(Date.now(), doneAt));
  const failure = states.find((s) => s.state === "error");
  if (failure) return failed(FAILURES[task.fault ?? ""]?.syncStatus ?? 500, failure.error);
  return ok(await Promise.all(states.map((_, i) => resultItem(task, i, baseUrl))));
}

async function getResponse(input: Record<string, unknown>, baseUrl: string): Promise<Part | Response> {
  const taskType = "getResponse";
  if (!isTaskUuid(input.taskUUID)) {
    const missing = input.taskUUID === undefined;
    return failed(400, { code: missing ? "missingTaskUUID" : "invalidTaskUUID", message: missing ? "Missing taskUUID." : "Invalid value for taskUUID: it must be a UUID v4.", parameter: "taskUUID", taskType });
  }
  const task = await loadTask<SandboxTask | SandboxImage>(PROVIDER, input.taskUUID);
  if (task?.kind !== "task") {
    return failed(404, { code: "taskFailedOrNotFound", message: `No async task found for taskUUID ${input.taskUUID}.`, parameter: "taskUUID", taskType, taskUUID: input.taskUUID });
  }
  const limited = await notePoll(PROVIDER, task);
  if (task.fault === "poll_500" && limited) return failed(500, { code: "internalServerError", message: "Internal server error (sandbox: injected).", taskType, taskUUID: task.id });
  if (task.fault === "poll_malformed" && limited) return new Response('{"data":[{"taskType":"imageInference","status":"proc', { status: 200, headers: { "content-type": "application/json" } });
  const data: Record<string, unknown>[] = [];
  const errors: RunwareApiError[] = [];
  for (const [index, result] of resultStates(task, Date.now()).entries()) {
    if (result.state === "processing") data.push({ taskType: "imageInference", taskUUID: task.id, status: "processing", progress: result.progress });
    else if (result.state === "success") data.push({ ...(await resultItem(task, index, baseUrl)), status: "success" });
    else {
      if (result.placement !== "top") data.push({ taskType: "imageInference", taskUUID: task.id, status: "error", error: result.error });
      if (result.placement !== "item") errors.push(result.error);
    }
  }
  return ok(data, errors);
}

function authenticate(input: Record<string, unknown>): Part {
  if (typeof input.apiKey !== "string" || input.apiKey === "") return failed(401, INVALID_API_KEY);
  return ok([{ taskType: "authentication", connectionSessionUUID: randomUUID() }]);
}

/** Partial success answers 200 with both arrays; a request whose every task failed answers that failure's status. */
function answer(parts: Part[]): Response {
  const data = parts.flatMap((p) => p.data);
  const errors = parts.flatMap((p) => p.errors);
  const status = data.length === 0 ? (parts.find((p) => p.status !== 200)?.status ?? 200) : 200;
  return json({ ...(status === 200 ? { data } : {}), ...(errors.length > 0 ? { errors } : {}) }, status);
}

const bearerKey = (request: Request) => /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? null;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

async function readTasks(request: Request): Promise<unknown[] | Response> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return json({ errors: [{ code: "invalidJson", message: "The request body is not valid JSON." }] }, 400);
  }
  if (!Array.isArray(body) || body.length === 0) {
    return json({ errors: [{ code: "invalidRequestBody", message: "The request body must be a non-empty JSON array of task objects, even for a single task." }] }, 400);
  }
  return body;
}

async function runTasks(request: Request, baseUrl: string): Promise<Response> {
  const tasks = await readTasks(request);
  const authTask = Array.isArray(tasks) && isObject(tasks[0]) && tasks[0].taskType === "authentication" ? tasks[0] : null;
  if (!bearerKey(request) && !authTask) return json({ errors: [INVALID_API_KEY] }, 401);
  if (tasks instanceof Response) return tasks;
  const spec = parseFaultSpec(faultSpecFrom(request));
  const firstInference = tasks.find((t): t is Record<string, unknown> => isObject(t) && t.taskType === "imageInference");
  if (firstInference) {
    const fault = takeFault(spec, SUBMIT_FAULTS);
    const injected = submitFault(fault, isTaskUuid(firstInference.taskUUID) ? firstInference.taskUUID : undefined);
    if (injected) return injected;
    if (fault === "hang_submit") {
      await waitUntil(Infinity, request.signal);
      return json({ errors: [{ code: "timeout", message: "Gateway timeout" }] }, 504);
    }
  }
  const parts: Part[] = [];
  for (const task of tasks) {
    const part = await runTask(task, request, spec, baseUrl);
    if (part instanceof Response) return part;
    parts.push(part);
  }
  return answer(parts);
}

function runTask(task: unknown, request: Request, spec: ReturnType<typeof parseFaultSpec>, baseUrl: string): Promise<Part | Response> | Part {
  if (!isObject(task)) return failed(400, { code: "invalidTask", message: "Each task must be a JSON object." });
  switch (task.taskType) {
    case "authentication":
      return authenticate(task);
    case "imageInference":
      return imageInference(task, request, spec, baseUrl);
    case "getResponse":
      return getResponse(task, baseUrl);
    default:
      return failed(400, {
        code: task.taskType === undefined ? "missingTaskType" : "invalidTaskType",
        message: `Unsupported taskType ${JSON.stringify(task.taskType)}: this sandbox runs imageInference and getResponse.`,
        parameter: "taskType",
        ...(isTaskUuid(task.taskUUID) ? { taskUUID: task.taskUUID } : {}),
      });
  }
}

const notFound = () => new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });

async function serveImage(file: string): Promise<Response> {
  const match = /^([0-9a-f-]{36})\.(jpg|png|webp)$/.exec(file);
  const image = match ? await loadTask<SandboxTask | SandboxImage>(PROVIDER, match[1]) : null;
  const task = image?.kind === "image" ? await loadTask<SandboxTask>(PROVIDER, image.taskUUID) : null;
  if (!match || image?.kind !== "image" || !task || task.ext !== match[2]) return notFound();
  if (resultStates(task, Date.now())[image.index]?.state !== "success") return notFound();
  const readyAt = task.createdAt + (task.latencyMs * (image.index + 1)) / task.numberResults;
  // URLs last unless the task asked for a ttl (PROVIDERS.md D.4, UNVERIFIED).
  if (task.ttlSeconds !== null && Date.now() > readyAt + task.ttlSeconds * 1000) return notFound();
  const buffer = await render(task, image.index);
  return new Response(new Uint8Array(buffer), { headers: { "content-type": `image/${task.format}`, "content-length": String(buffer.length) } });
}

/**
 * Handles one request. `path` is what follows the sandbox's base URL (empty for the API itself,
 * which is the base URL); `baseUrl` is the absolute URL standing for https://api.runware.ai/v1.
 */
/** Which stage a request is, for the ledger (../ledger.ts): every call is a POST of tasks. */
export const runwareStage: StageOf = (method, path, body) => {
  if (path[0] === IMAGE_PATH[0]) return "download";
  if (method !== "POST" || path.length > 0) return null;
  if (body.includes('"imageInference"')) return "submit";
  return body.includes('"getResponse"') ? "poll" : null;
};

export async function handleRunwareSandbox(request: Request, path: string[], baseUrl: string): Promise<Response> {
  const method = request.method.toUpperCase();
  const isImage = path.length === IMAGE_PATH.length + 1 && IMAGE_PATH.every((segment, i) => path[i] === segment);
  if (isImage) return method === "GET" ? serveImage(path[IMAGE_PATH.length]) : notFound();
  if (path.length > 0) {
    return json({ errors: [{ code: "notFound", message: `No endpoint at /v1/${path.join("/")}: Runware's REST API is a POST to /v1 itself.` }] }, 404);
  }
  if (method !== "POST") return json({ errors: [{ code: "methodNotAllowed", message: "Use POST with a JSON array of tasks." }] }, 405);
  return runTasks(request, baseUrl);
}
