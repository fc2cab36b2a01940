import { randomUUID, createHash } from "node:crypto";
import { anonymousFrom, faultSpecFrom, latencyFrom, parseFaultSpec, takeFault } from "../faults";
import { checkDelivery, json, signDelivery, startRender } from "../results";
import { loadTask, notePoll, saveTask } from "../task-store";
import { FLUX2_MEGAPIXEL, flux2Credits, flux2InputPixels } from "../dialects/flux2-cost";
import { bflDevInput, bflFlux2Images, bflFlux2Input, bflKontextInput, bflKontextOutputSize, bflOutputSize, bflProInput, bflUltraInput, fastApiDetail, type BflInput, type BflKontextInput } from "./validation";
import type { StageOf } from "../ledger";

/**
 * Emulator of Black Forest Labs' API (PROVIDERS.md A), mounted at /api/sandbox/bfl and standing
 * for https://api.bfl.ai. Tasks are answered from a "regional" prefix (`/eu4`) that differs from
 * the submit host, as BFL's polling_url does; the global get_result does not know them, which
 * catches adapters that rebuild the URL instead of using polling_url verbatim.
 * `GET /v1/credits` answers a fixed balance (PROVIDERS-MODELS.md section 5); its faults: `auth`
 * (403), `credits` (a balance of 0), `rate_limit`, `server_error`, `unavailable`.
 */
const PROVIDER = "bfl";
const REGION = "eu4";
const RESULT_TTL_MS = 10 * 60_000;
const MODELS = {
  "flux-pro-1.1": { schema: bflProInput, defaultLatencyMs: 3000 },
  "flux-pro-1.1-ultra": { schema: bflUltraInput, defaultLatencyMs: 5000 },
  "flux-dev": { schema: bflDevInput, defaultLatencyMs: 3000 },
  "flux-kontext-pro": { schema: bflKontextInput, defaultLatencyMs: 4000 },
  "flux-2-pro": { schema: bflFlux2Input, defaultLatencyMs: 4000 },
} as const;
type BflModel = keyof typeof MODELS;

/** Faults answered at submit; the rest play out while the task is polled. */
const SUBMIT_FAULTS = ["auth", "bad_request", "credits", "rate_limit", "server_error", "unavailable", "validation", "malformed_submit", "hang_submit"];
const TASK_FAULTS = ["error", "content_moderated", "request_moderated", "task_not_found", "hang", "poll_500", "poll_malformed", "expired_result"];

interface SandboxTask {
  id: string;
  model: BflModel;
  input: BflInput;
  seed: number;
  width: number;
  height: number;
  format: "jpeg" | "png";
  createdAt: number;
  latencyMs: number;
  /** A blind comparison's cell: the picture hides the host (faults.ts, ANONYMOUS_HEADER). */
  anonymous?: boolean;
  fault: string | null;
  faultTimes: number | null;
  polls: number;
}

/** Every sandbox key has the same, ample balance: $1,000. */
export const SANDBOX_CREDITS = 100_000;
const CREDITS_FAULTS = ["auth", "credits", "rate_limit", "server_error", "unavailable"];

const AUTH_ERROR = { detail: "Not authenticated - Invalid Authentication" };
const RATE_HEADERS = { "x-ratelimit-limit": "1200", "x-ratelimit-remaining": "1199", "x-ratelimit-reset": "60" };

function submitFault(name: string | null): Response | null {
  switch (name) {
    case "auth":
      return json(AUTH_ERROR, 403);
    case "bad_request":
      return json({ detail: "Malformed request" }, 400);
    case "credits":
      return json({ detail: "Insufficient credits. Add credits at https://dashboard.bfl.ai to continue." }, 402);
    case "rate_limit":
      return json({ detail: "You have exceeded the number of active tasks (24). Wait for some to finish." }, 429, { "retry-after": "1" });
    case "server_error":
      return json({ detail: "Internal Server Error" }, 500);
    case "unavailable":
      return json({ detail: "Service temporarily unavailable" }, 503, { "retry-after": "1" });
    case "validation":
      return json({ detail: [{ type: "value_error", loc: ["body", "prompt"], msg: "Value error, prompt is invalid (injected)", input: null }] }, 422);
    case "malformed_submit":
      return new Response("<html>502 Bad Gateway</html>", { status: 200, headers: { "content-type": "text/html" } });
    default:
      return null;
  }
}

/** BFL's megapixel (its `output_mp` is 0.06 at 256²). */
const mp2 = (pixels: number) => Math.round((pixels / FLUX2_MEGAPIXEL) * 100) / 100;

/**
 * What FLUX.2's submit answers (§4: `{"cost":3.0,"input_mp":0.0,"output_mp":0.06}` at 256²): its
 * credits by ../dialects/flux2-cost. Others: nulls.
 */
async function submitCost(model: BflModel, input: BflInput, size: { width: number; height: number }) {
  if (model !== "flux-2-pro") return { cost: null, input_mp: null, output_mp: null };
  const inputs = await Promise.all(bflFlux2Images(input as Record<string, unknown>).map(flux2InputPixels));
  return { cost: flux2Credits(size, inputs), input_mp: mp2(inputs.reduce((a, b) => a + b, 0)), output_mp: mp2(size.width * size.height) };
}

function seedFor(input: BflInput, id: string): number {
  if (typeof input.seed === "number") return input.seed;
  // No seed given: the host picks one and reports it, as BFL does in result.seed.
  return createHash("sha256").update(id).digest().readUInt32BE(0);
}

async function submit(request: Request, model: BflModel, baseUrl: string): Promise<Response> {
  const spec = parseFaultSpec(faultSpecFrom(request));
  const injected = submitFault(takeFault(spec, SUBMIT_FAULTS));
  if (injected) return injected;
  if (takeFault(spec, ["hang_submit"])) {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 10 * 60_000);
      request.signal.addEventListener("abort", () => { clearTimeout(timer); resolve(null); });
    });
    return json({ detail: "Gateway Timeout" }, 504);
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json({ detail: [{ type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: {} }] }, 422);
  }
  const parsed = MODELS[model].schema.safeParse(body);
  if (!parsed.success) return json({ detail: fastApiDetail(parsed.error, body) }, 422);
  const input = parsed.data;
  const size = model === "flux-kontext-pro" ? await bflKontextOutputSize(input as BflKontextInput) : bflOutputSize(input as Exclude<BflInput, BflKontextInput>);
  // UNVERIFIED (bfl-kx documents no such error): an input image that is no image is refused like any invalid field.
  if (!size) return json({ detail: [{ type: "value_error", loc: ["body", "input_image"], msg: "Value error, input_image is not a valid image", input: null }] }, 422);
  const id = randomUUID();
  const taskFault = spec.faults.find((f) => TASK_FAULTS.includes(f.name)) ?? null;
  const task: SandboxTask = {
    id,
    model,
    input,
    seed: seedFor(input, id),
    ...size,
    format: input.output_format ?? "jpeg",
    createdAt: Date.now(),
    latencyMs: latencyFrom(request, MODELS[model].defaultLatencyMs),
    anonymous: anonymousFrom(request),
    fault: taskFault?.name ?? null,
    faultTimes: taskFault?.times ?? null,
    polls: 0,
  };
  await saveTask(PROVIDER, task);
  if (!task.fault || task.fault === "expired_result") void renderFor(task).catch(() => {});
  return json({ id, polling_url: `${baseUrl}/${REGION}/v1/get_result?id=${id}`, ...(await submitCost(model, input, size)) });
}

function renderFor(task: SandboxTask) {
  // References are megabytes of base64: the picture names how many there were.
  const { image_prompt, ...rest } = task.input as Record<string, unknown>;
  // An edit is drawn over its input image, so the result visibly comes from it (a URL is not fetched).
  const edited =
    task.model === "flux-kontext-pro" && typeof rest.input_image === "string" && !/^https?:/i.test(rest.input_image) ? Buffer.from(rest.input_image, "base64") : undefined;
  const references = edited ? [] : bflFlux2Images(rest);
  const shown = Object.fromEntries(Object.entries(rest).filter(([name]) => !name.startsWith("input_image")));
  if (references.length) shown.input_images = `${references.length} image${references.length === 1 ? "" : "s"}`;
  return startRender(PROVIDER, task.id, {
    width: task.width,
    height: task.height,
    format: task.format,
    prompt: task.input.prompt ?? "",
    seed: task.seed,
    provider: "Black Forest Labs (sandbox)",
    model: task.model,
    params: image_prompt ? { ...shown, image_prompt } : shown,
    anonymous: task.anonymous,
    ...(edited ? { inputImage: edited } : {}),
  });
}

const pending = (task: SandboxTask, progress: number | null) =>
  json({ id: task.id, status: "Pending", result: null, progress, details: null, preview: null }, 200, { "retry-after": "1", ...RATE_HEADERS });
const terminal = (id: string, status: string, details: Record<string, unknown> | null = null) =>
  json({ id, status, result: null, progress: null, details, preview: null }, 200, RATE_HEADERS);

async function getResult(request: Request, id: string | null, regional: boolean, baseUrl: string): Promise<Response> {
  const task = id ? await loadTask<SandboxTask>(PROVIDER, id) : null;
  // Tasks live in their region only: the global host does not find them.
  if (!task || !regional) return terminal(id ?? "", "Task not found");
  const limited = await notePoll(PROVIDER, task);
  const elapsed = Date.now() - task.createdAt;
  const done = elapsed >= task.latencyMs;
  const progress = Math.min(0.99, Math.round((elapsed / Math.max(1, task.latencyMs)) * 100) / 100);

  switch (task.fault) {
    case "request_moderated":
      return terminal(task.id, "Request Moderated", { "Moderation Reasons": ["sandbox: injected"] });
    case "task_not_found":
      return terminal(task.id, "Task not found");
    case "hang":
      return pending(task, 0.5);
    case "poll_500":
      if (limited) return json({ detail: "Internal Server Error" }, 500);
      break;
    case "poll_malformed":
      if (limited) return new Response("{\"status\": \"Pend", { status: 200, headers: { "content-type": "application/json" } });
      break;
    case "error":
      if (done) return terminal(task.id, "Error", { error: "sandbox: injected generation failure" });
      break;
    case "content_moderated":
      if (done) return terminal(task.id, "Content Moderated", { "Moderation Reasons": ["sandbox: injected"] });
      break;
  }
  if (!done) return pending(task, progress);
  // Ready once the latency has passed and the file exists, as a host reports Ready after upload.
  await renderFor(task);
  const readyAt = task.createdAt + task.latencyMs;
  const expiresAt = task.fault === "expired_result" ? new Date(readyAt - 1000) : new Date(readyAt + RESULT_TTL_MS);
  const { se, sig } = signDelivery(task.id, expiresAt);
  const sample = `${baseUrl}/delivery/${task.id}/sample.${task.format}?se=${encodeURIComponent(se)}&sp=r&sig=${sig}`;
  return json(
    {
      id: task.id,
      status: "Ready",
      result: { sample, prompt: task.input.prompt ?? "", seed: task.seed, start_time: task.createdAt / 1000, end_time: readyAt / 1000, duration: task.latencyMs / 1000 },
      progress: null,
      details: null,
      preview: null,
    },
    200,
    RATE_HEADERS,
  );
}

async function delivery(request: Request, id: string, file: string): Promise<Response> {
  const url = new URL(request.url);
  const task = await loadTask<SandboxTask>(PROVIDER, id);
  const verdict = checkDelivery(id, url.searchParams.get("se"), url.searchParams.get("sig"));
  if (!task || verdict !== "ok" || file !== `sample.${task.format}`) {
    const code = verdict === "expired" ? "AuthenticationFailed" : "ResourceNotFound";
    const message = verdict === "expired" ? "Signed expiry time has to be after signed start time" : "The specified resource does not exist.";
    return new Response(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
      status: task && verdict === "expired" ? 403 : 404,
      headers: { "content-type": "application/xml" },
    });
  }
  const buffer = await renderFor(task);
  return new Response(new Uint8Array(buffer), {
    headers: { "content-type": task.format === "png" ? "image/png" : "image/jpeg", "content-length": String(buffer.length) },
  });
}

function credits(request: Request): Response {
  const fault = takeFault(parseFaultSpec(faultSpecFrom(request)), CREDITS_FAULTS);
  if (fault === "credits") return json({ credits: 0 });
  return submitFault(fault) ?? json({ credits: SANDBOX_CREDITS }, 200, RATE_HEADERS);
}

/** Which stage a request is, for the ledger (../ledger.ts). */
export const bflStage: StageOf = (method, path) => {
  if (path[0] === "delivery") return "download";
  if (method === "POST" && path.length === 2 && path[0] === "v1" && Object.hasOwn(MODELS, path[1])) return "submit";
  return method === "GET" && path[path.length - 1] === "get_result" ? "poll" : null;
};

/**
 * Handles one request. `path` is what follows the sandbox's base URL (e.g. ["v1", "flux-pro-1.1"]);
 * `baseUrl` is the absolute URL standing for https://api.bfl.ai.
 */
export async function handleBflSandbox(request: Request, path: string[], baseUrl: string): Promise<Response> {
  const route = path.join("/");
  const method = request.method.toUpperCase();
  if (route.startsWith("delivery/") && path.length === 3) {
    return method === "GET" ? delivery(request, path[1], path[2]) : json({ detail: "Method Not Allowed" }, 405);
  }
  const key = request.headers.get("x-key");
  const model = route.replace(/^v1\//, "") as BflModel;
  const isSubmit = path.length === 2 && path[0] === "v1" && Object.hasOwn(MODELS, model);
  const isResult = route === "v1/get_result" || route === `${REGION}/v1/get_result`;
  const isCredits = route === "v1/credits";
  if (!isSubmit && !isResult && !isCredits) return json({ detail: "Not Found" }, 404);
  if (!key) return json(AUTH_ERROR, 403);
  if (isCredits) return method === "GET" ? credits(request) : json({ detail: "Method Not Allowed" }, 405);
  if (isSubmit) return method === "POST" ? submit(request, model, baseUrl) : json({ detail: "Method Not Allowed" }, 405);
  if (method !== "GET") return json({ detail: "Method Not Allowed" }, 405);
  return getResult(request, new URL(request.url).searchParams.get("id"), route.startsWith(REGION), baseUrl);
}
