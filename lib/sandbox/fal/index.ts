import { createHash, randomUUID } from "node:crypto";
import type { z } from "zod";
import { seedForImage } from "@/lib/models/fields";
import { anonymousFrom, faultSpecFrom, latencyFrom, parseFaultSpec, takeFault } from "../faults";
import { json, startRender } from "../results";
import { loadTask, notePoll, saveTask } from "../task-store";
import {
  falDevInput,
  falEditOutputSize,
  falFlux2EditInput,
  falFlux2Input,
  falKontextInput,
  falProInput,
  falSchnellInput,
  falUltraInput,
  falValidationDetail,
  type FalInput,
  type FalValidationIssue,
} from "../dialects/fal-input";
import type { StageOf } from "../ledger";

/**
 * Emulator of fal.ai's queue API (PROVIDERS.md B), mounted at /api/sandbox/fal and standing for
 * https://queue.fal.run. Submit is `POST fal-ai/flux-pro/{v1.1,v1.1-ultra,kontext}` or `POST fal-ai/flux/{dev,schnell}`;
 * status, result and cancel live under `{owner}/{app}/requests/{id}` (`fal-ai/flux-pro/...`,
 * `fal-ai/flux/...`), WITHOUT the variant segment, as fal-js builds them; another app does not know the id.
 * Status answers 202 while IN_QUEUE / IN_PROGRESS and 200 once COMPLETED; a model failure is not
 * a status: the result call replays it (422 for invalid input or a content-policy violation).
 *
 * Faults (x-sandbox-fault header or SANDBOX_FAULT; `name*N` limits a fault to N requests):
 * - at submit: `auth` (401), `credits` (403 "User is locked..."), `rate_limit` (429 + Retry-After),
 *   `server_error` (500), `unavailable` (503 + Retry-After), `malformed` (200 with a garbled body);
 * - in the request's life: `validation` (the result call answers fal's 422 detail array),
 *   `moderated` (the result call answers 422 content_policy_violation), `error` (the result call
 *   answers 500 internal_server_error), `nsfw` (the safety checker, unless the input turns it off,
 *   flags every image: has_nsfw_concepts true; fal blanks them, the sandbox leaves them be), `hang` (IN_PROGRESS forever), `poll_500*N` (status
 *   answers 500 N times), `poll_malformed*N` (status answers a garbled body N times).
 */
const PROVIDER = "fal";
const OWNER = "fal-ai";
interface FalEndpoint {
  model: string;
  schema: z.ZodType<FalInput>;
  defaultLatencyMs: number;
}
/** Per app (`fal-ai/{app}`), its variants: the endpoint id is `fal-ai/{app}/{variant}`. */
const APPS = {
  "flux-pro": {
    "v1.1": { model: "flux-pro-1.1", schema: falProInput, defaultLatencyMs: 3000 },
    "v1.1-ultra": { model: "flux-pro-1.1-ultra", schema: falUltraInput, defaultLatencyMs: 5000 },
    kontext: { model: "flux-kontext-pro", schema: falKontextInput, defaultLatencyMs: 4000 },
  },
  flux: {
    dev: { model: "flux-dev", schema: falDevInput, defaultLatencyMs: 3000 },
    schnell: { model: "flux-schnell", schema: falSchnellInput, defaultLatencyMs: 1000 },
  },
  // `fal-ai/flux-2-pro` has no variant segment (""); its edit app is `fal-ai/flux-2-pro/edit`.
  "flux-2-pro": {
    "": { model: "flux-2-pro", schema: falFlux2Input, defaultLatencyMs: 4000 },
    edit: { model: "flux-2-pro", schema: falFlux2EditInput, defaultLatencyMs: 5000 },
  },
} satisfies Record<string, Record<string, FalEndpoint>>;
type App = keyof typeof APPS;
type Endpoint = { app: App; variant: string };
const endpointOf = ({ app, variant }: Endpoint): FalEndpoint => (APPS[app] as Record<string, FalEndpoint>)[variant]!;
const isApp = (app: string | undefined): app is App => app !== undefined && Object.hasOwn(APPS, app);
const isEndpoint = (app: string | undefined, variant: string | undefined) => isApp(app) && variant !== undefined && Object.hasOwn(APPS[app], variant);
/** The variant a submit path names (`fal-ai/flux-pro/v1.1`: "v1.1"; `fal-ai/flux-2-pro`: ""), or null when it is no submit. */
function submitVariant(path: string[]): string | null {
  const variant = path.length === 3 ? path[2]! : path.length === 2 ? "" : null;
  return variant !== null && isEndpoint(path[1], variant) ? variant : null;
}
/** The first part of a request's time is spent waiting in the queue. */
const QUEUE_SHARE = 0.2;

const SUBMIT_FAULTS = ["auth", "credits", "rate_limit", "server_error", "unavailable", "malformed"];
const REQUEST_FAULTS = ["validation", "moderated", "nsfw", "error", "hang", "poll_500", "poll_malformed"];

interface FalRequest {
  id: string;
  app: App;
  variant: string;
  /** The body as received: shown on the image and replayed in errors. */
  body: Record<string, unknown>;
  /** The validated input; null when fal's app refused it (`issues`). */
  input: FalInput | null;
  issues: FalValidationIssue[] | null;
  /** Each image's size, known at submit (a Kontext edit takes its input image's shape). */
  size: { width: number; height: number } | null;
  seed: number;
  createdAt: number;
  latencyMs: number;
  /** A blind comparison's cell: the picture hides the host (faults.ts, ANONYMOUS_HEADER). */
  anonymous?: boolean;
  fault: string | null;
  faultTimes: number | null;
  polls: number;
  canceled: boolean;
}

const AUTH_ERROR = { detail: "No user found for Key ID and Secret" };
const DOCS = "https://docs.fal.ai/errors";

function submitFault(name: string | null): Response | null {
  switch (name) {
    case "auth":
      return json(AUTH_ERROR, 401);
    case "credits":
      return json({ detail: "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing." }, 403);
    case "rate_limit":
      // Body form and Retry-After UNVERIFIED (PROVIDERS.md B.6).
      return json({ detail: "Concurrent requests limit exceeded (2). Wait for a request to finish.", error_type: "concurrent_requests_limit" }, 429, {
        "retry-after": "1",
        "x-fal-error-type": "concurrent_requests_limit",
      });
    case "server_error":
      return json({ detail: "Internal server error", error_type: "internal_error" }, 500, { "x-fal-error-type": "internal_error" });
    case "unavailable":
      // fal's queue in front of a busy or restarting app: its error shape, `detail` + error_type.
      return json({ detail: "Service temporarily unavailable, please retry", error_type: "service_unavailable" }, 503, {
        "retry-after": "1",
        "x-fal-error-type": "service_unavailable",
        "x-fal-retryable": "true",
      });
    case "malformed":
      return new Response('{"request_id": "', { status: 200, headers: { "content-type": "application/json" } });
    default:
      return null;
  }
}

function queueUrls(baseUrl: string, app: App, id: string) {
  const request = `${baseUrl}/${OWNER}/${app}/requests/${id}`;
  return { request_id: id, response_url: request, status_url: `${request}/status`, cancel_url: `${request}/cancel` };
}

const hashSeed = (id: string) => createHash("sha256").update(id).digest().readUInt32BE(0);

async function readBody(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = await request.json();
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function submit(request: Request, endpoint: Endpoint, baseUrl: string): Promise<Response> {
  const spec = parseFaultSpec(faultSpecFrom(request));
  const injected = submitFault(takeFault(spec, SUBMIT_FAULTS));
  if (injected) return injected;
  const body = await readBody(request);
  if (!body) return json({ detail: [{ loc: ["body"], msg: "Input should be a valid dictionary", type: "dict_type", url: `${DOCS}#dict_type` }] }, 422);
  const id = randomUUID();
  // fal's queue takes any JSON: the app validates it when it runs, and the result call tells.
  const parsed = endpointOf(endpoint).schema.safeParse(body);
  const fault = spec.faults.find((f) => REQUEST_FAULTS.includes(f.name)) ?? null;
  const task: FalRequest = {
    id,
    ...endpoint,
    body,
    input: parsed.success ? parsed.data : null,
    issues: parsed.success ? null : falValidationDetail(parsed.error, body),
    size: parsed.success ? await falEditOutputSize(parsed.data) : null,
    seed: parsed.success && typeof parsed.data.seed === "number" ? parsed.data.seed : hashSeed(id),
    createdAt: Date.now(),
    latencyMs: latencyFrom(request, endpointOf(endpoint).defaultLatencyMs),
    anonymous: anonymousFrom(request),
    fault: fault?.name ?? null,
    faultTimes: fault?.times ?? null,
    polls: 0,
    canceled: false,
  };
  await saveTask(PROVIDER, task);
  if (task.input && !task.fault) void renderAll(task).catch(() => {});
  return json({ status: "IN_QUEUE", ...queueUrls(baseUrl, endpoint.app, id), queue_position: 0 }, 200, { "x-fal-request-id": id });
}

function render(task: FalRequest, input: FalInput, index: number) {
  const { width, height } = task.size!;
  return startRender(PROVIDER, `${task.id}-${index}`, {
    width,
    height,
    format: input.output_format,
    prompt: input.prompt,
    // fal reports one seed per request; the images of a batch still differ.
    seed: seedForImage(task.seed, index) ?? task.seed,
    provider: "fal.ai (sandbox)",
    model: endpointOf(task).model,
    params: task.body,
    anonymous: task.anonymous,
  });
}

const renderAll = (task: FalRequest) => (task.input ? Promise.all(Array.from({ length: task.input.num_images }, (_, i) => render(task, task.input!, i))) : Promise.resolve([]));

type Phase = "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED";

function phaseOf(task: FalRequest): Phase {
  // Refused input and cancelled requests end at once; the result call tells which.
  if (task.canceled || task.issues) return "COMPLETED";
  if (task.fault === "hang") return "IN_PROGRESS";
  const elapsed = Date.now() - task.createdAt;
  if (elapsed < task.latencyMs * QUEUE_SHARE) return "IN_QUEUE";
  return elapsed < task.latencyMs ? "IN_PROGRESS" : "COMPLETED";
}

const notFound = (id: string) => json({ detail: `Request ${id} not found` }, 404);

/** The request, when it was submitted to this app: fal's queue keeps ids per app. */
async function loadRequest(app: App, id: string): Promise<FalRequest | null> {
  const task = await loadTask<FalRequest>(PROVIDER, id);
  return task && task.app === app ? task : null;
}

async function status(request: Request, app: App, id: string, baseUrl: string): Promise<Response> {
  const task = await loadRequest(app, id);
  if (!task) return notFound(id);
  const limited = await notePoll(PROVIDER, task);
  if (task.fault === "poll_500" && limited) return json({ detail: "Internal server error", error_type: "internal_error" }, 500);
  if (task.fault === "poll_malformed" && limited) return new Response('{"status": "IN_PRO', { status: 202, headers: { "content-type": "application/json" } });
  const phase = phaseOf(task);
  const withLogs = new URL(request.url).searchParams.get("logs") === "1";
  const logs = withLogs && phase !== "IN_QUEUE" ? [{ message: "Generating image (sandbox)", level: "INFO", source: "USER", timestamp: new Date(task.createdAt).toISOString() }] : [];
  const common = { status: phase, ...queueUrls(baseUrl, app, id) };
  const headers = { "x-fal-request-id": id };
  switch (phase) {
    case "IN_QUEUE":
      return json({ ...common, queue_position: 0 }, 202, headers);
    case "IN_PROGRESS":
      return json({ ...common, logs }, 202, headers);
    case "COMPLETED":
      return json({ ...common, logs, metrics: { inference_time: task.latencyMs / 1000 } }, 200, headers);
  }
}

function modelError(task: FalRequest): Response | null {
  switch (task.fault) {
    case "validation":
      return json({ detail: [{ loc: ["body", "prompt"], msg: "Value error, prompt is invalid (sandbox: injected)", type: "value_error", url: `${DOCS}#value_error`, input: task.body.prompt }] }, 422, { "x-fal-retryable": "false" });
    case "moderated":
      return json(
        {
          detail: [
            {
              loc: ["body", "prompt"],
              msg: "The content could not be processed because it contained material flagged by a content checker.",
              type: "content_policy_violation",
              url: `${DOCS}#content_policy_violation`,
              input: task.body.prompt,
              ctx: {},
            },
          ],
        },
        422,
        { "x-fal-retryable": "false" },
      );
    case "error":
      return json({ detail: [{ loc: ["body"], msg: "Internal server error (sandbox: injected)", type: "internal_server_error", url: `${DOCS}#internal_server_error`, input: null }] }, 500, {
        "x-fal-retryable": "false",
      });
    default:
      return null;
  }
}

async function result(app: App, id: string, baseUrl: string): Promise<Response> {
  const task = await loadRequest(app, id);
  if (!task) return notFound(id);
  // UNVERIFIED bodies: fal's answers to an early result call and to a cancelled request.
  if (phaseOf(task) !== "COMPLETED") return json({ detail: "Request is still in progress" }, 400);
  if (task.canceled) return json({ detail: "Request was cancelled", error_type: "client_cancelled" }, 400, { "x-fal-error-type": "client_cancelled" });
  if (task.issues) return json({ detail: task.issues }, 422, { "x-fal-retryable": "false" });
  const failure = modelError(task);
  if (failure || !task.input) return failure ?? notFound(id);
  const input = task.input;
  // The checker is on unless the input turns it off (FLUX.1's enable_safety_checker).
  const flagged = task.fault === "nsfw" && !("enable_safety_checker" in input && input.enable_safety_checker === false);
  const { width, height } = task.size!;
  const buffers = await renderAll(task);
  const contentType = `image/${input.output_format}`;
  const images = buffers.map((buffer, i) => ({
    url: input.sync_mode ? `data:${contentType};base64,${buffer.toString("base64")}` : `${baseUrl}/files/${id}/${i}.${input.output_format}`,
    width,
    height,
    content_type: contentType,
  }));
  // FLUX.2 answers its images and seed only: no has_nsfw_concepts, timings or prompt (PROVIDERS-MODELS.md §8).
  if (endpointOf(task).model === "flux-2-pro") return json({ images, seed: task.seed }, 200, { "x-fal-request-id": id });
  return json(
    { images, timings: { inference: task.latencyMs / 1000 }, seed: task.seed, has_nsfw_concepts: images.map(() => flagged), prompt: input.prompt },
    200,
    { "x-fal-request-id": id },
  );
}

async function cancel(app: App, id: string): Promise<Response> {
  const task = await loadRequest(app, id);
  if (!task) return json({ status: "NOT_FOUND" }, 404);
  if (phaseOf(task) === "COMPLETED") return json({ status: "ALREADY_COMPLETED" }, 400);
  task.canceled = true;
  await saveTask(PROVIDER, task);
  return json({ status: "CANCELLATION_REQUESTED" }, 202);
}

/** Result files, standing for fal.media's CDN: long-lived, so no expiry here. */
async function file(id: string, name: string): Promise<Response> {
  const task = await loadTask<FalRequest>(PROVIDER, id);
  const match = /^(\d+)\.(jpeg|png)$/.exec(name);
  const index = match ? Number(match[1]) : -1;
  const made = task?.input && !task.canceled && !modelError(task) && phaseOf(task) === "COMPLETED";
  if (!made || !task.input || !match || match[2] !== task.input.output_format || index >= task.input.num_images) {
    return json({ detail: "Not Found" }, 404);
  }
  const buffer = await render(task, task.input, index);
  return new Response(new Uint8Array(buffer), { headers: { "content-type": `image/${match[2]}`, "content-length": String(buffer.length) } });
}

const authorized = (request: Request) => /^Key \S+/.test(request.headers.get("authorization") ?? "");
const methodNotAllowed = () => json({ detail: "Method Not Allowed" }, 405);

/**
 * Handles one request. `path` is what follows the sandbox's base URL (e.g.
 * ["fal-ai", "flux-pro", "requests", id, "status"]); `baseUrl` stands for https://queue.fal.run.
 */
/** Which stage a request is, for the ledger (../ledger.ts): the status and result calls are polls. */
export const falStage: StageOf = (method, path) => {
  if (path[0] === "files") return "download";
  if (method === "POST" && submitVariant(path) !== null) return "submit";
  return method === "GET" && path[2] === "requests" ? "poll" : null;
};

export async function handleFalSandbox(request: Request, path: string[], baseUrl: string): Promise<Response> {
  const method = request.method.toUpperCase();
  if (path[0] === "files" && path.length === 3) return method === "GET" ? file(path[1], path[2]) : methodNotAllowed();
  const [owner, app, third, id, action] = path;
  if (owner !== OWNER || !isApp(app)) return json({ detail: "Not Found" }, 404);
  const variant = submitVariant(path);
  const isSubmit = variant !== null;
  const isRequest = third === "requests" && id !== undefined && (path.length === 4 || (path.length === 5 && (action === "status" || action === "cancel")));
  if (!isSubmit && !isRequest) return json({ detail: "Not Found" }, 404);
  if (!authorized(request)) return json(AUTH_ERROR, 401);
  if (isSubmit) return method === "POST" ? submit(request, { app, variant }, baseUrl) : methodNotAllowed();
  if (action === "cancel") return method === "PUT" ? cancel(app, id) : methodNotAllowed();
  if (method !== "GET") return methodNotAllowed();
  return action === "status" ? status(request, app, id, baseUrl) : result(app, id, baseUrl);
}
