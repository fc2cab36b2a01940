import { z } from "zod";
import type { ReadyImage } from "../../types";

/**
 * The OpenAI images protocol as OpenAI-compatible hosts speak it (PROVIDERS.md E.3/E.4, H):
 * `{created?, id?, model?, object?, data: [{url | b64_json, index?, revised_prompt?, timings?}]}`
 * on success, `{id?, error: {message, type, code, param}}` on failure. Lenient: each host adds
 * its own fields (Together's id/timings, Lumenfall's revised_prompt).
 */
export const imagesResponse = z.object({
  created: z.number().nullish(),
  id: z.string().nullish(),
  model: z.string().nullish(),
  data: z
    .array(
      z.object({
        url: z.string().min(1).nullish(),
        b64_json: z.string().min(1).nullish(),
        index: z.number().int().nullish(),
        revised_prompt: z.string().nullish(),
      }),
    )
    .min(1),
});
export type ImagesResponse = z.infer<typeof imagesResponse>;

export const errorEnvelope = z.object({
  id: z.string().nullish(),
  error: z.object({
    message: z.unknown().optional(),
    type: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
    param: z.string().nullish(),
  }),
});

export interface HostError {
  message: string;
  type: string | null;
  code: string | null;
  param: string | null;
}

const TEXT_MAX = 300;

/** The host's own error, from the OpenAI envelope or else the start of the body. */
export function hostErrorOf(status: number, json: unknown, text: string): HostError {
  const parsed = errorEnvelope.safeParse(json);
  if (parsed.success) {
    const { message, type, code, param } = parsed.data.error;
    const words = typeof message === "string" ? message : message === undefined ? "" : JSON.stringify(message);
    return { message: (words || `HTTP ${status}`).slice(0, TEXT_MAX), type: type ?? null, code: code == null ? null : String(code), param: param ?? null };
  }
  return { message: text.trim().slice(0, TEXT_MAX) || `HTTP ${status}`, type: null, code: null, param: null };
}

/** "message (code, param)": what the user reads, with the host's own code to search for. */
export function describeHostError(error: HostError): string {
  const tags = [error.code, error.param ? `param ${error.param}` : null].filter(Boolean);
  return tags.length ? `${error.message} (${tags.join(", ")})` : error.message;
}

const MIME_BY_MAGIC: readonly [string, string][] = [
  ["iVBORw0KGgo", "image/png"],
  ["/9j/", "image/jpeg"],
  ["UklGR", "image/webp"],
];

/** base64 bytes as a data: URL, its type read from the bytes (hosts may convert formats). */
export function base64ToDataUrl(b64: string, fallbackFormat: string): string {
  const mime = MIME_BY_MAGIC.find(([magic]) => b64.startsWith(magic))?.[1] ?? `image/${fallbackFormat}`;
  return `data:${mime};base64,${b64}`;
}

/**
 * The images of a success body. The protocol reports no per-image seed: the batch was asked for
 * with one `seed`, which is known to be the first image's; the others' seeds are not reported.
 */
export function readyImagesOf(body: ImagesResponse, sent: { seed?: unknown; output_format?: unknown }): ReadyImage[] | null {
  const seed = typeof sent.seed === "number" ? sent.seed : null;
  const format = typeof sent.output_format === "string" ? sent.output_format : "jpeg";
  const ordered = [...body.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const images: ReadyImage[] = [];
  for (const [i, item] of ordered.entries()) {
    const url = item.url ?? (item.b64_json ? base64ToDataUrl(item.b64_json, format) : null);
    if (!url) return null;
    images.push({ url, seed: i === 0 ? seed : null });
  }
  return images;
}
