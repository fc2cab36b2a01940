import { imageFileVisibleTo } from "@/lib/db/queries";
import { env, isTeamMode } from "@/lib/env";
import type { CanonicalParams } from "@/lib/models";
import { STORED_IMAGE_PATTERN } from "@/lib/models/fields";
import { readStoredFile, storeImage } from "@/lib/storage/image-store";
import { imageUrls } from "./dto";

/**
 * Image prompts arrive inline (base64) but are kept as a reference to our storage, so history and
 * "reuse settings" keep the image without megabytes in every row; they are inlined again only
 * for the host call.
 */
export class ImageInputError extends Error {}

export async function storeImageInputs<P extends CanonicalParams>(params: P, userId: string): Promise<P> {
  const value = params.image_prompt;
  if (!value || STORED_IMAGE_PATTERN.test(value)) {
    // Team mode: a stored image is a reference only its owner (or an active share) may use, and
    // the answer is the same whether someone else's file exists or not.
    if (value && (!(await resolveStored(value)) || (isTeamMode() && !(await imageFileVisibleTo(STORED_IMAGE_PATTERN.exec(value)![1], userId))))) {
      throw new ImageInputError(`image_prompt: ${value} is not an image of this playground`);
    }
    return params;
  }
  const base64 = value.startsWith("data:") ? value.slice(value.indexOf(",") + 1) : value;
  try {
    const stored = await storeImage(Buffer.from(base64, "base64"), { dir: env().DATA_DIR });
    return { ...params, image_prompt: imageUrls(stored.sha256, stored.ext).url };
  } catch (error) {
    throw new ImageInputError(`image_prompt: ${(error as Error).message}`);
  }
}

async function resolveStored(reference: string): Promise<{ buffer: Buffer; contentType: string } | null> {
  const match = STORED_IMAGE_PATTERN.exec(reference);
  if (!match) return null;
  return readStoredFile(match[1], "original", match[2], { dir: env().DATA_DIR });
}

/** The params as a host needs them: a stored image prompt inlined as a data: URL. */
export async function resolveImageInputs<P extends CanonicalParams>(params: P): Promise<P> {
  if (!params.image_prompt || !STORED_IMAGE_PATTERN.test(params.image_prompt)) return params;
  const file = await resolveStored(params.image_prompt);
  if (!file) throw new ImageInputError(`The image prompt ${params.image_prompt} is no longer in storage`);
  return { ...params, image_prompt: `data:${file.contentType};base64,${file.buffer.toString("base64")}` };
}
