import { createHash } from "node:crypto";
import { seedForImage } from "@/lib/models/fields";
import { anonymousFrom, faultSpecFrom, latencyFrom, parseFaultSpec, takeFault } from "../faults";
import { startRender } from "../results";
import type { SyntheticImageSpec } from "../synthetic-image";
import { loadTask, saveTask } from "../task-store";

/**
 * The emulator core of OpenAI-compatible images hosts (Lumenfall, Together): a synchronous
 * `POST .../images/generations` (JSON), or `.../images/edits` (multipart) for hosts that edit, that answers, after the generation time, with the images as URLs
 * served by the sandbox or inline as base64. Each host supplies its validation, ids, error bodies
 * and answer shape; the order of events (auth, faults, validation, work, answer) is shared.
 */
export type ImageFormat = "jpeg" | "png" | "webp";

/** A request as the host understood it. */
export interface ImagesJob {
  /** The host's model id, as shown on the picture. */
  model: string;
  prompt: string;
  n: number;
  seed: number | null;
  width: number;
  height: number;
  format: ImageFormat;
  /** Answer with base64 (`b64_json`) instead of URLs. */
  inline: boolean;
  defaultLatencyMs: number;
  /** The host's input as received, shown on the picture. */
  params: Record<string, unknown>;
}

export interface ImagesAnswerItem {
  index: number;
  url?: string;
  b64_json?: string;
}

export interface ImagesAnswer {
  id: string;
  job: ImagesJob;
  items: ImagesAnswerItem[];
  createdAt: number;
  durationMs: number;
}

export interface ImagesHost {
  /** Task-store namespace. */
  provider: string;
  /** Shown on the pictures, e.g. "Lumenfall (sandbox)". */
  label: string;
  newId(): string;
  unauthorized(): Response;
  invalidJson(): Response;
  /** May be async: a job's size may follow its input image's. */
  validate(body: unknown): { job: ImagesJob } | { error: Response } | Promise<{ job: ImagesJob } | { error: Response }>;
  /**
   * `POST .../images/edits`, for hosts that edit: the multipart form's fields, its file parts as
   * data: URLs (async: the job's size may follow the input image's).
   */
  validateEdit?(fields: FormFields): Promise<{ job: ImagesJob } | { error: Response }>;
  invalidForm?(): Response;
  /** Faults answered before any work, and those answered once the generation time has passed. */
  submitFaults: readonly string[];
  resultFaults: readonly string[];
  /** The host's answer for an injected fault (including `hang`, when the wait finally ends). */
  fault(name: string): Response;
  /** Result URLs that expire after this long; undefined: they do not expire. */
  resultTtlMs?: number;
  fileUrl(baseUrl: string, fileId: string, format: ImageFormat, expiresAt: Date | null): string;
  respond(answer: ImagesAnswer): Response;
}

/** What a request leaves behind: enough to serve (and re-render) its files after a restart. */
interface ImagesRecord {
  id: string;
  createdAt: number;
  images: SyntheticImageSpec[];
}

const HANG_MS = 10 * 60_000;

/** The key of `Authorization: Bearer <key>`, or null when missing, empty or of another scheme. */
export function bearerKey(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match ? match[1] : null;
}

/** Waits `ms`, or less when the client goes away. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

export const fileIdOf = (id: string, index: number) => `${id}_${index}`;

function parseFileId(fileId: string): { id: string; index: number } | null {
  const match = /^(.+)_(\d+)$/.exec(fileId);
  return match ? { id: match[1], index: Number(match[2]) } : null;
}

function seedOf(job: ImagesJob, id: string, index: number): number {
  // Image i of a batch uses seed + i (the sandbox's choice: the protocol reports no seeds).
  if (job.seed !== null) return seedForImage(job.seed, index)!;
  return createHash("sha256").update(`${id}-${index}`).digest().readUInt32BE(0);
}

function specsOf(job: ImagesJob, id: string, label: string, anonymous: boolean): SyntheticImageSpec[] {
  return Array.from({ length: job.n }, (_, index) => ({
    width: job.width,
    height: job.height,
    format: job.format,
    prompt: job.prompt,
    seed: seedOf(job, id, index),
    provider: label,
    model: job.model,
    params: job.params,
    anonymous,
  }));
}

/** A 200 whose body is cut short: what a proxy dropping the connection mid-answer looks like. */
function garbled(): Response {
  return new Response('{"created": 1735689600, "data": [{"url": "https://', { status: 200, headers: { "content-type": "application/json" } });
}

/** Handles `POST .../images/generations` for a host: a JSON body. */
export function generateImages(request: Request, baseUrl: string, host: ImagesHost): Promise<Response> {
  return answerImages(request, baseUrl, host, async () => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return { error: host.invalidJson() };
    }
    return host.validate(body);
  });
}

/** A form's fields; a repeated `name[]` (OpenAI's client sends a list so) is the list of its values. */
export type FormFields = Record<string, string | string[]>;

/** A multipart form's fields, file parts as data: URLs; null when the body is not a form. */
async function formFields(request: Request): Promise<FormFields | null> {
  try {
    const form = await request.formData();
    const fields: FormFields = {};
    for (const [name, value] of form.entries()) {
      const text = typeof value === "string" ? value : `data:${value.type || "application/octet-stream"};base64,${Buffer.from(await value.arrayBuffer()).toString("base64")}`;
      if (name.endsWith("[]")) fields[name] = [...((fields[name] as string[] | undefined) ?? []), text];
      else fields[name] = text;
    }
    return fields;
  } catch {
    return null;
  }
}

/** Handles `POST .../images/edits` for a host that edits: a multipart form, the image a file part. */
export function editImages(request: Request, baseUrl: string, host: ImagesHost & Required<Pick<ImagesHost, "validateEdit">>): Promise<Response> {
  return answerImages(request, baseUrl, host, async () => {
    const fields = await formFields(request);
    return fields ? host.validateEdit(fields) : { error: (host.invalidForm ?? host.invalidJson)() };
  });
}

/** The order of events every images request shares: auth, early faults, its body's check, work, answer. */
async function answerImages(request: Request, baseUrl: string, host: ImagesHost, check: () => Promise<{ job: ImagesJob } | { error: Response }>): Promise<Response> {
  if (!bearerKey(request)) return host.unauthorized();
  const spec = parseFaultSpec(faultSpecFrom(request));
  const early = takeFault(spec, host.submitFaults);
  if (early) return host.fault(early);
  const checked = await check();
  if ("error" in checked) return checked.error;
  const { job } = checked;
  if (takeFault(spec, ["hang"])) {
    await pause(HANG_MS, request.signal);
    return host.fault("hang");
  }
  const id = host.newId();
  const createdAt = Date.now();
  const record: ImagesRecord = { id, createdAt, images: specsOf(job, id, host.label, anonymousFrom(request)) };
  await saveTask(host.provider, record);
  // Rendering runs during the generation time, as the host works while the client waits.
  const renders = record.images.map((image, index) => startRender(host.provider, fileIdOf(id, index), image));
  for (const render of renders) render.catch(() => {});
  await pause(latencyFrom(request, job.defaultLatencyMs), request.signal);
  const late = takeFault(spec, host.resultFaults);
  if (late) return host.fault(late);
  if (takeFault(spec, ["malformed"])) return garbled();
  const buffers = await Promise.all(renders);
  const expired = host.resultTtlMs !== undefined && takeFault(spec, ["expired_result"]) !== null;
  const expiresAt = host.resultTtlMs === undefined ? null : new Date(expired ? Date.now() - 1000 : Date.now() + host.resultTtlMs);
  const items = buffers.map((buffer, index): ImagesAnswerItem =>
    job.inline ? { index, b64_json: buffer.toString("base64") } : { index, url: host.fileUrl(baseUrl, fileIdOf(id, index), job.format, expiresAt) },
  );
  return host.respond({ id, job, items, createdAt, durationMs: Date.now() - createdAt });
}

const CONTENT_TYPES: Record<ImageFormat, string> = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" };
const FILE_NAME = /^([A-Za-z0-9_-]+)\.(jpeg|png|webp)$/;

async function specOf(provider: string, fileId: string): Promise<SyntheticImageSpec | null> {
  const ref = parseFileId(fileId);
  const record = ref ? await loadTask<ImagesRecord>(provider, ref.id) : null;
  return (ref && record?.images[ref.index]) || null;
}

/** The format a file was asked in, or null when there is no such file. */
export async function imageFormatOf(provider: string, fileId: string): Promise<ImageFormat | null> {
  return ((await specOf(provider, fileId))?.format as ImageFormat | undefined) ?? null;
}

/** The image behind `<fileId>.<format>`, or null when there is no such file. */
export async function imageFile(provider: string, fileName: string): Promise<Response | null> {
  const match = FILE_NAME.exec(fileName);
  const spec = match ? await specOf(provider, match[1]) : null;
  if (!match || !spec || spec.format !== match[2]) return null;
  const buffer = await startRender(provider, match[1], spec);
  return new Response(new Uint8Array(buffer), {
    headers: { "content-type": CONTENT_TYPES[spec.format as ImageFormat], "content-length": String(buffer.length) },
  });
}

/** The file id of `<fileId>.<format>`, for hosts that sign their file URLs. */
export function fileIdOfName(fileName: string): string | null {
  return FILE_NAME.exec(fileName)?.[1] ?? null;
}
