import { randomBytes } from "node:crypto";
import { json } from "../results";
import { bearerKey, fileIdOfName, generateImages, imageFile, imageFormatOf, type ImagesHost } from "../dialects/openai-images";
import { checkTogetherRequest, TOGETHER_FLUX2_PRO, TOGETHER_FLUX_KONTEXT_PRO, TOGETHER_FLUX_PRO, TOGETHER_FLUX_SCHNELL } from "./validation";
import type { StageOf } from "../ledger";

/**
 * Emulator of Together AI's images API (PROVIDERS.md H), mounted at /api/sandbox/together and
 * standing for https://api.together.xyz: `POST /v1/images/generations` answers synchronously with
 * `{id, model, object: "list", data: [{index, url | b64_json, timings}]}`. URLs are short links
 * (`/shrt/<code>`, as api.together.ai/shrt/...) that redirect to the file, and refuse a request
 * with an empty User-Agent as Together's do. `GET /v1/models` lists FLUX 1.1 [pro], FLUX.1 [schnell], Kontext [pro] and FLUX.2 [pro].
 *
 * Faults (`x-sandbox-fault` or SANDBOX_FAULT, see ../faults.ts), all answered before any work
 * (Together's checker reads the prompt, so moderation is immediate too):
 * `auth` (401 invalid_api_key), `credits` (402 credit_limit), `rate_limit` (429, Retry-After: 1),
 * `server_error` (500), `unavailable` (503), `validation` (400 on prompt), `moderated` (422 from
 * the safety checker), `malformed` (a 200 cut short, after the generation time), `hang` (never
 * answers; 504 after 10 minutes).
 */
const PROVIDER = "together";

/** Together's ids look like "oHpD53L-2kFHot-998e0de9fe14d8a1-SEA" (tg-docs). */
const newId = () =>
  `${randomBytes(5).toString("base64url").slice(0, 7)}-${randomBytes(4).toString("base64url").slice(0, 6)}-${randomBytes(8).toString("hex")}-SEA`;

const error = (status: number, message: string, type: string, code: string | null, param: string | null = null, headers: Record<string, string> = {}) =>
  json({ id: newId(), error: { message, type, param, code } }, status, { "content-type": "application/json; charset=utf-8", ...headers });

const INVALID_KEY = "Invalid API key provided. You can find your API key at https://api.together.ai/settings/api-keys.";

const FAULTS: Record<string, () => Response> = {
  auth: () => error(401, INVALID_KEY, "invalid_request_error", "invalid_api_key"),
  // UNVERIFIED body: Together's 402 as a third-party client's tests record it ({message, type: "credit_limit"}).
  credits: () => error(402, "Credit limit exceeded. Add credits at https://api.together.ai/settings/billing to continue.", "credit_limit", null),
  // UNVERIFIED body: PROVIDERS.md H says only that 429s use the same envelope.
  rate_limit: () =>
    error(429, `You have reached the rate limit specific to this model ${TOGETHER_FLUX_PRO}. Please try again later.`, "model_rate_limit", "rate_limit_exceeded", null, { "retry-after": "1" }),
  server_error: () => error(500, "Internal server error", "server_error", null),
  unavailable: () => error(503, "The server is overloaded or not ready yet.", "server_error", null, null, { "retry-after": "1" }),
  validation: () => error(400, "prompt is invalid (injected)", "invalid_request_error", null, "prompt"),
  // tg-docs: a triggered safety checker answers 422; the body is UNVERIFIED.
  moderated: () => error(422, "NSFW content detected by the safety checker (sandbox: injected)", "invalid_request_error", null, "prompt"),
  hang: () => error(504, "Gateway timeout", "server_error", null),
};

const host: ImagesHost = {
  provider: PROVIDER,
  label: "Together AI (sandbox)",
  newId,
  unauthorized: FAULTS.auth,
  invalidJson: () => error(400, "Request body is not valid JSON", "invalid_request_error", null),
  async validate(body) {
    const check = await checkTogetherRequest(body);
    if (!check.ok) return { error: error(check.status, check.message, "invalid_request_error", check.code, check.param) };
    return { job: { ...check.job, params: body as Record<string, unknown> } };
  },
  submitFaults: ["auth", "credits", "rate_limit", "server_error", "unavailable", "validation", "moderated"],
  resultFaults: [],
  fault: (name) => FAULTS[name](),
  fileUrl: (baseUrl, fileId) => `${baseUrl}/shrt/${fileId}`,
  respond: ({ id, job, items, durationMs }) =>
    json(
      {
        id,
        model: job.model,
        object: "list",
        data: items.map((item) => ({ ...item, timings: { inference: durationMs / 1000 } })),
      },
      200,
      { "content-type": "application/json; charset=utf-8" },
    ),
};

/** A short link: 302 to the file, unless the client sends no User-Agent (Together's CDN refuses those). */
async function shortLink(request: Request, code: string, baseUrl: string): Promise<Response> {
  if (!request.headers.get("user-agent")?.trim()) return new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } });
  const format = await imageFormatOf(PROVIDER, code);
  if (!format) return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(null, { status: 302, headers: { location: `${baseUrl}/files/${code}.${format}` } });
}

const listed = (id: string, display_name: string) => ({
  id,
  object: "model",
  created: 1727740800,
  type: "image",
  display_name,
  organization: "Black Forest Labs",
  link: "https://blackforestlabs.ai",
  pricing: { hourly: 0, input: 0, output: 0, base: 0, finetune: 0 },
});
const models = () =>
  json([
    listed(TOGETHER_FLUX_PRO, "FLUX1.1 [pro]"),
    listed(TOGETHER_FLUX_SCHNELL, "FLUX.1 Schnell"),
    listed(TOGETHER_FLUX_KONTEXT_PRO, "FLUX.1 Kontext [pro]"),
    listed(TOGETHER_FLUX2_PRO, "FLUX.2 [pro]"),
  ]);

/** Which stage a request is, for the ledger (../ledger.ts): the short link only redirects to the file. */
export const togetherStage: StageOf = (method, path) => {
  if (path[0] === "files") return "download";
  return method === "POST" && path.join("/") === "v1/images/generations" ? "submit" : null;
};

/**
 * Handles one request. `path` is what follows the sandbox's base URL (e.g. ["v1", "images", "generations"]);
 * `baseUrl` is the absolute URL standing for https://api.together.xyz.
 */
export async function handleTogetherSandbox(request: Request, path: string[], baseUrl: string): Promise<Response> {
  const route = path.join("/");
  const method = request.method.toUpperCase();
  if (method === "GET" && path.length === 2 && path[0] === "shrt") return shortLink(request, path[1], baseUrl);
  if (method === "GET" && path.length === 2 && path[0] === "files" && fileIdOfName(path[1])) {
    return (await imageFile(PROVIDER, path[1])) ?? new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });
  }
  if (route === "v1/models" && method === "GET") return bearerKey(request) ? models() : FAULTS.auth();
  if (route !== "v1/images/generations") return error(404, `Unknown path /${route}`, "invalid_request_error", "not_found");
  if (method !== "POST") return error(405, "Method not allowed", "invalid_request_error", null);
  return generateImages(request, baseUrl, host);
}
