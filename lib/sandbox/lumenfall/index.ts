import { randomBytes } from "node:crypto";
import { checkDelivery, json, signDelivery } from "../results";
import { editImages, fileIdOfName, generateImages, imageFile, type ImagesHost } from "../dialects/openai-images";
import { checkLumenfallEdit, checkLumenfallInput } from "./validation";
import type { StageOf } from "../ledger";

/**
 * Emulator of Lumenfall's OpenAI-compatible images API (PROVIDERS.md E), mounted at
 * /api/sandbox/lumenfall and standing for https://api.lumenfall.ai/openai/v1:
 * `POST /images/generations` (JSON) and `POST /images/edits` (multipart, Kontext) answer
 * synchronously with `{created, data: [{url | b64_json}]}`;
 * URLs point at the sandbox's `/files/<id>.<format>` and expire after 60 minutes, as the URLs
 * Lumenfall makes from base64 upstream output do (E.3).
 *
 * Faults (`x-sandbox-fault` or SANDBOX_FAULT, see ../faults.ts):
 * - before any work: `auth` (401 AUTHENTICATION_FAILED), `credits` (402 INSUFFICIENT_BALANCE),
 *   `rate_limit` (429 RATE_LIMITED, Retry-After: 1), `server_error` (502 ALL_PROVIDERS_EXHAUSTED),
 *   `unavailable` (503 UPSTREAM_ERROR), `validation` (400 INVALID_REQUEST on prompt),
 *   `request_moderated` (400 content_policy_violation on the prompt);
 * - after the generation time: `moderated` (400 content_policy_violation, as an upstream NSFW
 *   check of the output answers), `malformed` (a 200 cut short), `expired_result` (URLs already
 *   expired: the download gets 403);
 * - `hang`: never answers (504 after 10 minutes).
 */
const PROVIDER = "lumenfall";
const RESULT_TTL_MS = 60 * 60_000;

const error = (status: number, message: string, type: string, code: string, param: string | null = null, headers: Record<string, string> = {}) =>
  json({ error: { message, type, code, param } }, status, headers);

const FAULTS: Record<string, () => Response> = {
  auth: () => error(401, "Invalid API key", "authentication_error", "AUTHENTICATION_FAILED"),
  credits: () => error(402, "Insufficient balance: $0.04 required, $0.00 available", "insufficient_quota", "INSUFFICIENT_BALANCE"),
  rate_limit: () => error(429, "Rate limit exceeded. Please retry after 1 second.", "rate_limit_error", "RATE_LIMITED", null, { "retry-after": "1" }),
  server_error: () => error(502, "All providers failed for this model; please retry later.", "api_error", "ALL_PROVIDERS_EXHAUSTED"),
  unavailable: () => error(503, "Upstream provider unavailable (HTTP 503)", "api_error", "UPSTREAM_ERROR", null, { "retry-after": "1" }),
  validation: () => error(400, "Invalid parameter prompt: prompt is invalid (injected)", "invalid_request_error", "INVALID_REQUEST", "prompt"),
  // The prompt refused before any work, as an upstream input check answers (E.4: UNVERIFIED body).
  request_moderated: () =>
    error(400, "The upstream provider flagged the prompt under its content policy (sandbox: injected)", "invalid_request_error", "content_policy_violation", "prompt"),
  moderated: () =>
    error(400, "The upstream provider flagged the output under its content policy (sandbox: injected)", "invalid_request_error", "content_policy_violation"),
  hang: () => error(504, "Upstream provider timed out", "api_error", "UPSTREAM_ERROR"),
};

const host: ImagesHost & Required<Pick<ImagesHost, "validateEdit">> = {
  provider: PROVIDER,
  label: "Lumenfall (sandbox)",
  newId: () => `req_${randomBytes(12).toString("hex")}`,
  unauthorized: FAULTS.auth,
  invalidJson: () => error(400, "Invalid JSON body", "invalid_request_error", "INVALID_REQUEST"),
  validate(body) {
    const check = checkLumenfallInput(body);
    if (!check.ok) return { error: error(check.status, check.message, "invalid_request_error", check.code, check.param) };
    return { job: { ...check.job, params: body as Record<string, unknown> } };
  },
  async validateEdit(fields) {
    const check = await checkLumenfallEdit(fields);
    if (!check.ok) return { error: error(check.status, check.message, "invalid_request_error", check.code, check.param) };
    // The picture shows the form's fields; the image files by their size, not their bytes.
    const { image, "image[]": images, ...params } = fields;
    const files = [image ?? [], images ?? []].flat().map((file) => `<file, ${Math.round((file.length * 3) / 4 / 1024)} KB>`);
    return { job: { ...check.job, params: { ...params, image: files.length === 1 ? files[0]! : files } } };
  },
  invalidForm: () => error(400, "Invalid multipart form body", "invalid_request_error", "INVALID_REQUEST"),
  submitFaults: ["auth", "credits", "rate_limit", "server_error", "unavailable", "validation", "request_moderated"],
  resultFaults: ["moderated"],
  fault: (name) => FAULTS[name](),
  resultTtlMs: RESULT_TTL_MS,
  fileUrl(baseUrl, fileId, format, expiresAt) {
    const { se, sig } = signDelivery(fileId, expiresAt!);
    return `${baseUrl}/files/${fileId}.${format}?se=${encodeURIComponent(se)}&sig=${sig}`;
  },
  respond: ({ id, job, items, createdAt }) =>
    json({ created: Math.floor(createdAt / 1000), data: items.map(({ url, b64_json }) => (url ? { url } : { b64_json })) }, 200, {
      "x-lumenfall-provider": "sandbox",
      "x-lumenfall-model": job.model,
      "x-lumenfall-request-id": id,
    }),
};

async function file(request: Request, fileName: string): Promise<Response> {
  const url = new URL(request.url);
  const fileId = fileIdOfName(fileName);
  const verdict = fileId ? checkDelivery(fileId, url.searchParams.get("se"), url.searchParams.get("sig")) : "bad-signature";
  if (verdict === "expired") return error(403, "This file URL has expired (Lumenfall URLs last 60 minutes)", "invalid_request_error", "URL_EXPIRED");
  const image = verdict === "ok" ? await imageFile(PROVIDER, fileName) : null;
  return image ?? error(404, "File not found", "invalid_request_error", "NOT_FOUND");
}

const EDIT_OR_GENERATE = new Set(["images/generations", "images/edits"]);

/** Which stage a request is, for the ledger (../ledger.ts): a synchronous host has no poll. */
export const lumenfallStage: StageOf = (method, path) => {
  if (path[0] === "files") return "download";
  return method === "POST" && EDIT_OR_GENERATE.has(path.join("/")) ? "submit" : null;
};

/**
 * Handles one request. `path` is what follows the sandbox's base URL (e.g. ["images", "generations"]);
 * `baseUrl` is the absolute URL standing for https://api.lumenfall.ai/openai/v1.
 */
export async function handleLumenfallSandbox(request: Request, path: string[], baseUrl: string): Promise<Response> {
  const route = path.join("/");
  const method = request.method.toUpperCase();
  if (path.length === 2 && path[0] === "files") {
    return method === "GET" ? file(request, path[1]) : error(405, "Method not allowed", "invalid_request_error", "METHOD_NOT_ALLOWED");
  }
  if (!EDIT_OR_GENERATE.has(route)) return error(404, `Unknown endpoint /${route}`, "invalid_request_error", "NOT_FOUND");
  if (method !== "POST") return error(405, "Method not allowed", "invalid_request_error", "METHOD_NOT_ALLOWED");
  return route === "images/edits" ? editImages(request, baseUrl, host) : generateImages(request, baseUrl, host);
}
