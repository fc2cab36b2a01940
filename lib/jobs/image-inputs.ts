import { imageFileVisibleTo } from "@/lib/db/queries";
import { env, isTeamMode } from "@/lib/env";
import { imageInputsOf, mapImageInputs, type CanonicalParams, type ModelId } from "@/lib/models";
import { estimateCost, priceRule } from "@/lib/pricing";
import { pricesInputs, type ImageSize } from "@/lib/pricing/price";
import { IMAGE_URL_PATTERN, STORED_IMAGE_PATTERN } from "@/lib/models/fields";
import { guardedFetch, GuardedFetchError, megabytes } from "@/lib/security/guarded-fetch";
import { imageSize, readStoredFile, storeImage } from "@/lib/storage/image-store";
import { imageUrls } from "./dto";

/**
 * Images a user gives (an image prompt, an edit's input image, reference images) arrive inline
 * (base64) or as an http(s) URL, but are kept as a reference to our storage, so history and "reuse
 * settings" keep the image without megabytes in every row; they are inlined again only for the host
 * call. A URL is fetched once, here, when the run is made: hosts get our copy, never the user's URL,
 * and a refused URL is an error before anything runs.
 */
export class ImageInputError extends Error {
  /** `path`: the params field the image came from (`image_prompt`, `input_images.2`). */
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** A user's image URL: smaller and quicker than a host's result (MAX_IMAGE_BYTES), never more. */
export const IMAGE_URL_MAX_BYTES = 10 * 1024 * 1024;
export const IMAGE_URL_TIMEOUT_MS = 10_000;

/** Fetches an image given as a URL through the address guard; the bytes, or why not. */
export async function fetchImagePrompt(url: string, path = "image_prompt"): Promise<Buffer> {
  const { MAX_IMAGE_BYTES, IMAGE_FETCH_ALLOW_HOSTS } = env();
  const maxBytes = Math.min(IMAGE_URL_MAX_BYTES, MAX_IMAGE_BYTES);
  try {
    const response = await guardedFetch(url, { maxBytes, timeoutMs: IMAGE_URL_TIMEOUT_MS, allowHosts: IMAGE_FETCH_ALLOW_HOSTS, what: "The image URL" });
    if (!response.body) throw new ImageInputError(path, `The image URL answered HTTP ${response.status}`);
    return response.body;
  } catch (error) {
    if (error instanceof GuardedFetchError) {
      const limit = error.kind === "too_large" ? ` (${megabytes(maxBytes)} at most)` : "";
      throw new ImageInputError(path, `${error.message}${limit}`);
    }
    throw error;
  }
}

/** The params with every image input stored (or, already stored, checked as the user's to use). */
export async function storeImageInputs<P extends CanonicalParams>(params: P, userId: string): Promise<P> {
  return mapImageInputs(params, async ({ path, value }) => {
    const stored = STORED_IMAGE_PATTERN.exec(value);
    if (stored) {
      // Team mode: a stored image is a reference only its owner (or an active share) may use, and
      // the answer is the same whether someone else's file exists or not.
      if (!(await resolveStored(value)) || (isTeamMode() && !(await imageFileVisibleTo(stored[1], userId)))) {
        throw new ImageInputError(path, `${value} is not an image of this playground`);
      }
      return value;
    }
    const bytes = IMAGE_URL_PATTERN.test(value)
      ? await fetchImagePrompt(value, path)
      : Buffer.from(value.startsWith("data:") ? value.slice(value.indexOf(",") + 1) : value, "base64");
    try {
      const file = await storeImage(bytes, { dir: env().DATA_DIR });
      return imageUrls(file.sha256, file.ext).url;
    } catch (error) {
      throw new ImageInputError(path, (error as Error).message);
    }
  });
}

/** The stored files (sha256) among a run's image inputs: what `input_files` records. */
export function storedInputFiles(params: object): string[] {
  return [...new Set(imageInputsOf(params).flatMap(({ value }) => STORED_IMAGE_PATTERN.exec(value)?.[1] ?? []))];
}

async function resolveStored(reference: string): Promise<{ buffer: Buffer; contentType: string } | null> {
  const match = STORED_IMAGE_PATTERN.exec(reference);
  if (!match) return null;
  return readStoredFile(match[1], "original", match[2], { dir: env().DATA_DIR });
}

/** How a message names an image input: "The image prompt", "The input images #3". */
const named = (path: string) => `The ${path.replace(/_/g, " ").replace(/\.(\d+)$/, (_, i: string) => ` #${Number(i) + 1}`)}`;

/** The params as a host needs them: each stored image input inlined as a data: URL. */
export async function resolveImageInputs<P extends CanonicalParams>(params: P): Promise<P> {
  return mapImageInputs(params, async ({ path, value }) => {
    // A URL is stored when the run is made; one that got here anyway is never passed on to a host.
    if (IMAGE_URL_PATTERN.test(value)) throw new ImageInputError(path, `${named(path)} is a URL that was never fetched: run it again`);
    if (!STORED_IMAGE_PATTERN.test(value)) return value;
    const file = await resolveStored(value);
    if (!file) throw new ImageInputError(path, `${named(path)} ${value} is no longer in storage`);
    return `data:${file.contentType};base64,${file.buffer.toString("base64")}`;
  });
}

/** Pixel sizes of a run's image inputs, stored or inline (a URL is stored before any estimate). */
export async function inputImageSizes(params: object): Promise<ImageSize[]> {
  return Promise.all(
    imageInputsOf(params).map(async ({ path, value }) => {
      if (STORED_IMAGE_PATTERN.test(value)) {
        const file = await resolveStored(value);
        if (!file) throw new ImageInputError(path, `${named(path)} ${value} is no longer in storage`);
        return imageSize(file.buffer);
      }
      return imageSize(Buffer.from(value.startsWith("data:") ? value.slice(value.indexOf(",") + 1) : value, "base64"));
    }),
  );
}

/**
 * A run's list-price estimate on a host: the images it is given are measured only where the host's
 * price counts their megapixels (FLUX.2), so other runs never read their image prompt back.
 */
export async function estimateRunCost(provider: string, model: ModelId, params: CanonicalParams) {
  const rule = priceRule(provider, model);
  return estimateCost(provider, model, params, rule && pricesInputs(rule) ? await inputImageSizes(params) : []);
}
